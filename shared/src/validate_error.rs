//! [`ValidationError`]: why an entry is not acceptable, as data. It travels in
//! a push receipt's rejection (`{"rule": "too_long", "field": "title", "max": 100}`)
//! and is turned into a sentence on the phone, in the person's language,
//! beside the field it names.
#![deny(missing_docs)]

use super::Field;
use crate::catalogue::{Catalogue, Unit};
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// Why an entry is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum ValidationError {
    /// A required field is blank (spaces and zero-width characters count as blank).
    #[error("{field:?} is required")]
    Required {
        /// The blank field.
        field: Field,
    },
    /// A text is longer than its limit.
    #[error("{field:?} is longer than {max} characters")]
    TooLong {
        /// The field whose text is too long.
        field: Field,
        /// Its limit, in characters (Unicode scalar values).
        max: usize,
    },
    /// A list has more items than its limit.
    #[error("{field:?} has more than {max} items")]
    TooMany {
        /// The field whose list is too long.
        field: Field,
        /// How many items it may hold.
        max: usize,
    },
    /// A text holds characters no text may hold ([`crate::text`]: controls,
    /// bidirectional overrides; line breaks only in free text).
    #[error("{field:?} contains control characters")]
    ControlChars {
        /// The field holding them.
        field: Field,
    },
    /// A date lies after the checker's today by more than
    /// [`FUTURE_GRACE_DAYS`](super::FUTURE_GRACE_DAYS).
    #[error("{field:?} lies in the future")]
    FutureDate {
        /// The date or the end date.
        field: Field,
    },
    /// The date lies before [`EARLIEST_DATE`](super::EARLIEST_DATE).
    #[error("the date is before the year 2000")]
    TooOld,
    /// The end date lies before the date.
    #[error("the end date is before the start date")]
    EndBeforeStart,
    /// `created_ms` or `updated_ms` outside [`EARLIEST_CLOCK_MS`, `LATEST_CLOCK_MS`).
    #[error("the device clock's time is outside 1970–2099")]
    ClockOutOfRange,
    /// The span from the date to the end date is too long.
    #[error("the span is longer than {max} days")]
    SpanTooLong {
        /// The most days one entry may cover ([`MAX_SPAN_DAYS`](super::MAX_SPAN_DAYS)).
        max: i64,
    },
    /// The kind's code is not in the catalogue the checker holds.
    #[error("kind {kind:?} is not in the catalogue")]
    UnknownKind {
        /// The code as the entry carries it.
        kind: String,
    },
    /// A new entry names a retired kind (edits of old entries may keep it).
    #[error("kind {kind:?} is retired")]
    RetiredKind {
        /// The retired kind's code.
        kind: String,
    },
    /// A count the kind requires is not given.
    #[error("count {key:?} is required")]
    MissingCount {
        /// The count's key in the catalogue, e.g. `participants`.
        key: String,
    },
    /// A count the kind does not ask for.
    #[error("count {key:?} is not asked for by this kind")]
    UnexpectedCount {
        /// The key as the entry carries it.
        key: String,
    },
    /// A count is beyond its unit's plausibility limit (a typing slip).
    #[error("count {key:?} is larger than {max}")]
    CountTooLarge {
        /// The count's key.
        key: String,
        /// The limit, in the count's unit (fen for money).
        max: u64,
    },
    /// An activity names a person (only committee changes and honours do).
    #[error("this kind records no person")]
    UnexpectedPerson,
    /// A committee change does not say what changed (joined, left, replaced).
    #[error("a committee change needs what changed")]
    ChangeRequired,
    /// A replacement does not name the member replaced.
    #[error("a replacement needs the name of the member replaced")]
    ReplacesRequired,
    /// A photo whose hash, size or dimensions are impossible (a damaged
    /// record: the phone makes them from the bytes it keeps).
    #[error("photo {index} is damaged")]
    BadPhoto {
        /// Its position in the list, from 0 (shown as 图{index + 1}).
        index: usize,
    },
    /// The same photo (the same bytes) listed twice.
    #[error("photo {index} is listed twice")]
    DuplicatePhoto {
        /// The position of its second listing, from 0.
        index: usize,
    },
    /// A photo's caption is longer than its limit.
    #[error("the caption of photo {index} is longer than {max} characters")]
    CaptionTooLong {
        /// The photo's position, from 0.
        index: usize,
        /// The limit, in characters.
        max: usize,
    },
    /// A photo's caption holds characters no line of text may hold.
    #[error("the caption of photo {index} contains control characters")]
    CaptionControlChars {
        /// The photo's position, from 0.
        index: usize,
    },
    /// A rule this build does not know: what an older app makes of a rule a
    /// newer server added. The change is refused all the same (it must not be
    /// sent again and again), and the person is told to update the app to
    /// see why. A server never sends it; it names no field this build knows.
    #[serde(other)]
    #[error("a rule this version does not know")]
    Unknown,
}

impl ValidationError {
    /// The field the message belongs beside.
    pub fn field(&self) -> Field {
        use ValidationError as V;
        match self {
            V::Required { field }
            | V::TooLong { field, .. }
            | V::TooMany { field, .. }
            | V::ControlChars { field }
            | V::FutureDate { field } => *field,
            V::TooOld | V::ClockOutOfRange => Field::Date,
            V::EndBeforeStart | V::SpanTooLong { .. } => Field::EndDate,
            V::UnknownKind { .. } | V::RetiredKind { .. } => Field::Kind,
            V::MissingCount { .. } | V::UnexpectedCount { .. } | V::CountTooLarge { .. } => {
                Field::Counts
            }
            V::UnexpectedPerson | V::ChangeRequired | V::ReplacesRequired => Field::Person,
            V::BadPhoto { .. }
            | V::DuplicatePhoto { .. }
            | V::CaptionTooLong { .. }
            | V::CaptionControlChars { .. } => Field::Photos,
            // Beside the first field, at the top of the form.
            V::Unknown => Field::Org,
        }
    }

    /// Whether this is a rule of one field's own text (blank, length, how
    /// many, refused characters), which an edit is judged by only where it
    /// changes that field ([`super::validate_edit`]).
    pub fn is_text_rule(&self) -> bool {
        matches!(
            self,
            ValidationError::Required { .. }
                | ValidationError::TooLong { .. }
                | ValidationError::TooMany { .. }
                | ValidationError::ControlChars { .. }
                | ValidationError::CaptionTooLong { .. }
                | ValidationError::CaptionControlChars { .. }
        )
    }

    /// For a count's message: which count, so the form puts it beside that input.
    pub fn count_key(&self) -> Option<&str> {
        match self {
            ValidationError::MissingCount { key }
            | ValidationError::UnexpectedCount { key }
            | ValidationError::CountTooLarge { key, .. } => Some(key),
            _ => None,
        }
    }

    /// A sentence for the person who typed it, naming the field (counts by
    /// their name under `kind` in `catalogue`).
    pub fn message(&self, lang: Lang, catalogue: &Catalogue, kind: &str) -> String {
        use ValidationError as V;
        let label = self.field().label(lang);
        let count_def = |key: &str| {
            catalogue
                .kind(kind)
                .and_then(|k| k.count(key))
                .or_else(|| catalogue.kinds.iter().find_map(|k| k.count(key)))
        };
        let count_label = |key: &str| -> String {
            count_def(key).map_or_else(|| key.to_owned(), |c| c.label(lang).to_owned())
        };
        let zh = lang == Lang::Zh;
        match self {
            V::Required { .. } if zh => format!("请填写{label}"),
            V::Required { .. } => format!("{label} is required"),
            V::TooLong { max, .. } if zh => format!("{label}不能超过{max}个字"),
            V::TooLong { max, .. } => format!("{label} must be at most {max} characters"),
            V::TooMany {
                field: Field::Photos,
                max,
            } if zh => format!("最多{max}张照片"),
            V::TooMany {
                field: Field::Photos,
                max,
            } => format!("At most {max} photos"),
            V::TooMany { max, .. } if zh => format!("{label}最多{max}个"),
            V::TooMany { max, .. } => format!("{label}: at most {max}"),
            V::ControlChars { .. } if zh => format!("{label}含有无法显示的字符"),
            V::ControlChars { .. } => format!("{label} contains characters that cannot be shown"),
            V::FutureDate { .. } if zh => format!("{label}不能晚于今天"),
            V::FutureDate { .. } => format!("{label} cannot be after today"),
            V::TooOld if zh => "日期不能早于2000年".to_owned(),
            V::TooOld => "The date cannot be before 2000".to_owned(),
            V::ClockOutOfRange if zh => {
                "保存时手机的时间不正确（早于1970年或晚于2099年），请校正手机时间后重新记录"
                    .to_owned()
            }
            V::ClockOutOfRange => "The phone's clock was wrong when this was saved (before 1970 \
                                   or after 2099); set the clock and record it again"
                .to_owned(),
            V::EndBeforeStart if zh => "结束日期不能早于开始日期".to_owned(),
            V::EndBeforeStart => "The end date cannot be before the start date".to_owned(),
            V::SpanTooLong { max } if zh => format!("一条记录最长跨{max}天"),
            V::SpanTooLong { max } => format!("One entry may span at most {max} days"),
            V::UnknownKind { kind } if zh => format!("类型“{kind}”不在工作目录中，请重新选择"),
            V::UnknownKind { kind } => {
                format!("Kind “{kind}” is not in the catalogue; choose again")
            }
            V::RetiredKind { kind } if zh => {
                format!(
                    "类型“{}”已停用，请选择其他类型",
                    catalogue.kind_name(kind, lang)
                )
            }
            V::RetiredKind { kind } => format!(
                "Kind “{}” is retired; choose another",
                catalogue.kind_name(kind, lang)
            ),
            V::MissingCount { key } if zh => format!("请填写{}", count_label(key)),
            V::MissingCount { key } => format!("{} is required", count_label(key)),
            V::UnexpectedCount { key } if zh => format!("此类型不统计{}", count_label(key)),
            V::UnexpectedCount { key } => {
                format!("This kind does not count {}", count_label(key))
            }
            V::CountTooLarge { key, max } => {
                let money = count_def(key).is_some_and(|c| c.unit == Unit::MoneyFen);
                let shown = if money {
                    format!("{}{}", max / 100, lang.pick("元", " yuan"))
                } else {
                    max.to_string()
                };
                if zh {
                    format!("{}不能超过{shown}，请检查是否多输了一位", count_label(key))
                } else {
                    format!(
                        "{} must be at most {shown}; check for an extra digit",
                        count_label(key)
                    )
                }
            }
            V::UnexpectedPerson if zh => "此类型不记录姓名".to_owned(),
            V::UnexpectedPerson => "This kind records no name".to_owned(),
            V::ChangeRequired if zh => "请选择变动情况（增补、退出或调整）".to_owned(),
            V::ChangeRequired => "Choose what changed (joined, left or replaced)".to_owned(),
            V::ReplacesRequired if zh => "请填写被替换的执委姓名".to_owned(),
            V::ReplacesRequired => "Name the member who was replaced".to_owned(),
            V::BadPhoto { index } if zh => {
                format!("图{}已损坏，请删除后重新添加", index + 1)
            }
            V::BadPhoto { index } => {
                format!("Photo {} is damaged; remove it and add it again", index + 1)
            }
            V::DuplicatePhoto { index } if zh => format!("图{}与前面的照片重复", index + 1),
            V::DuplicatePhoto { index } => {
                format!("Photo {} is the same as an earlier one", index + 1)
            }
            V::CaptionTooLong { index, max } if zh => {
                format!("图{}的说明不能超过{max}个字", index + 1)
            }
            V::CaptionTooLong { index, max } => format!(
                "The caption of photo {} must be at most {max} characters",
                index + 1
            ),
            V::CaptionControlChars { index } if zh => {
                format!("图{}的说明含有无法显示的字符", index + 1)
            }
            V::CaptionControlChars { index } => format!(
                "The caption of photo {} contains characters that cannot be shown",
                index + 1
            ),
            V::Unknown if zh => {
                "服务器按本版应用不认识的规则拒收了这条记录，请更新应用后查看原因".to_owned()
            }
            V::Unknown => "The server refused this entry under a rule this version of the app \
                           does not know; update the app to see why"
                .to_owned(),
        }
    }
}
