//! [`EditError`]: why an edit of the catalogue is refused, as data, with a
//! sentence in each language for the admin's screen (the server sends the
//! sentence in its 400 answer; the screen shows it beside the save button).
#![deny(missing_docs)]

use crate::catalogue::Unit;
use crate::lang::Lang;

/// Why an edit of the catalogue cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The save holds no operation.
    #[error("the edit changes nothing")]
    NothingToSave,
    /// More operations than one save takes.
    #[error("more than {max} changes in one save")]
    TooManyOps {
        /// The limit.
        max: usize,
    },
    /// A code or key that is not lower-case ASCII letters, digits and `_`.
    #[error(
        "the key {key:?} is not lower-case letters, digits and _ (at most 40, a letter first)"
    )]
    BadKey {
        /// The key as given (cut at 41 characters).
        key: String,
    },
    /// A code or key already in use.
    #[error("the key {key:?} is already in use")]
    DuplicateKey {
        /// The key.
        key: String,
    },
    /// A kind's code that a retired kind holds: old entries carry it.
    #[error("the key {key:?} belongs to a retired kind and cannot be reused")]
    RetiredKey {
        /// The key.
        key: String,
    },
    /// No work line with this code.
    #[error("no work line {line:?}")]
    UnknownLine {
        /// The code given.
        line: String,
    },
    /// No kind with this code.
    #[error("no kind {kind:?}")]
    UnknownKind {
        /// The code given.
        kind: String,
    },
    /// The kind has no count with this key.
    #[error("no count {key:?} in this kind")]
    UnknownCount {
        /// The key given.
        key: String,
    },
    /// Counts belong to activities; committee changes and honours count one each.
    #[error("{kind:?} records a person, not an activity: it has no counts")]
    NotAnActivity {
        /// The kind's code.
        kind: String,
    },
    /// A kind with more counts than a form can sensibly ask for.
    #[error("a kind has at most {max} counts")]
    TooManyCounts {
        /// The limit.
        max: usize,
    },
    /// A Chinese or English name is blank.
    #[error("a name is empty")]
    EmptyName,
    /// A name is longer than its limit.
    #[error("a name is longer than {max} characters")]
    NameTooLong {
        /// The limit, in characters.
        max: usize,
    },
    /// A name or template holds control or bidirectional characters.
    #[error("a name or sentence contains control characters")]
    ControlChars,
    /// A summary template longer than its limit.
    #[error("the summary sentence is longer than {max} characters")]
    PhraseTooLong {
        /// The limit, in characters.
        max: usize,
    },
    /// A `{` without its `}` in a template.
    #[error("a placeholder in the summary sentence is not closed")]
    UnclosedPlaceholder,
    /// A placeholder the summary cannot fill for this kind.
    #[error("the summary sentence names {name:?}, which this kind does not count")]
    UnknownPlaceholder {
        /// The name between the braces.
        name: String,
    },
    /// The result is not exactly one version on.
    #[error("the new catalogue is not the next version")]
    NotNextVersion,
    /// A line, kind or count of the base is missing (never deleted: old entries name it).
    #[error("{key:?} was removed; lines, kinds and counts are retired, never deleted")]
    Removed {
        /// Its code or key.
        key: String,
    },
    /// A kind's line or shape changed, or a retired kind came back.
    #[error("the kind {kind:?} changed its line or shape, or came back from retirement")]
    KindChanged {
        /// The kind's code.
        kind: String,
    },
    /// A count's unit changed: entries under it would change meaning.
    #[error("the count {key:?} changed its unit; entries may already count in {unit:?}")]
    UnitChanged {
        /// The count's key.
        key: String,
        /// Its unit, as entries count it.
        unit: Unit,
    },
    /// The result breaks [`crate::catalogue::Catalogue::check`].
    #[error("{0}")]
    Inconsistent(String),
}

impl EditError {
    /// A sentence for the admin, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        use EditError::*;
        match (self, lang) {
            (NothingToSave, Lang::Zh) => "没有要保存的修改".into(),
            (TooManyOps { max }, Lang::Zh) => format!("一次最多保存{max}项修改"),
            (BadKey { key }, Lang::Zh) => {
                format!("代码“{key}”须以小写英文字母开头，只含小写字母、数字和下划线，最多40个字符")
            }
            (DuplicateKey { key }, Lang::Zh) => format!("代码“{key}”已被使用"),
            (RetiredKey { key }, Lang::Zh) => {
                format!("代码“{key}”属于已停用的类型，旧记录仍在使用，不能再用")
            }
            (UnknownLine { line }, Lang::Zh) => format!("没有工作条线“{line}”"),
            (UnknownKind { kind }, Lang::Zh) => format!("没有活动类型“{kind}”"),
            (UnknownCount { key }, Lang::Zh) => format!("该类型没有统计项“{key}”"),
            (NotAnActivity { .. }, Lang::Zh) => "执委进退和荣誉类记录不设统计项".into(),
            (TooManyCounts { max }, Lang::Zh) => format!("一个类型最多{max}个统计项"),
            (EmptyName, Lang::Zh) => "中文名称和英文名称都要填写".into(),
            (NameTooLong { max }, Lang::Zh) => format!("名称最多{max}个字"),
            (ControlChars, Lang::Zh) => "名称或句子中含有不允许的控制字符".into(),
            (PhraseTooLong { max }, Lang::Zh) => format!("总结句式最多{max}个字"),
            (UnclosedPlaceholder, Lang::Zh) => "总结句式中有未闭合的“{”".into(),
            (UnknownPlaceholder { name }, Lang::Zh) => {
                format!("总结句式中的“{{{name}}}”不是该类型的统计项")
            }
            (NotNextVersion, Lang::Zh) => "新目录的版本号不对".into(),
            (Removed { key }, Lang::Zh) => {
                format!("“{key}”被删除了：条线、类型和统计项只能停用，不能删除")
            }
            (KindChanged { kind }, Lang::Zh) => {
                format!("类型“{kind}”的条线或性质不能修改，已停用的类型不能恢复")
            }
            (UnitChanged { key, unit }, Lang::Zh) => format!(
                "统计项“{key}”的单位不能修改：已有记录按“{}”计数",
                unit.measure_word(Lang::Zh)
            ),
            (Inconsistent(m), Lang::Zh) => format!("目录不一致：{m}"),
            (UnitChanged { key, unit }, Lang::En) => format!(
                "The unit of count \"{key}\" cannot change: entries already count it in {}.",
                unit.measure_word(Lang::En)
            ),
            (e, Lang::En) => capitalise_sentence(&e.to_string()),
        }
    }
}

fn capitalise_sentence(s: &str) -> String {
    let mut out = crate::text::capitalise(s);
    out.push('.');
    out
}
