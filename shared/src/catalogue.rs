//! The federation's catalogue of work, as data: work lines → activity kinds →
//! the counts each kind asks for, each count with its unit and measure word.
//!
//! The catalogue changes from year to year (new campaigns have new names), so
//! it is data with a version that the subdistrict can edit, not code: this
//! module holds its shape, its rules and the sensible default (the nine work
//! lines of DOMAIN.md). Kinds are retired, never deleted, so entries made under
//! an older catalogue stay readable. How an admin edits it: [`edit`].
#![deny(missing_docs)]

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

#[path = "catalogue_edit.rs"]
pub mod edit;
#[path = "catalogue_upgrade.rs"]
pub mod upgrade;

/// The largest sum of money an entry may carry: 100,000,000 元, in fen.
pub const MAX_MONEY_FEN: u64 = 100_000_000 * 100;
/// The largest head count (participants, beneficiaries) an entry may carry.
pub const MAX_PEOPLE: u64 = 100_000;
/// The largest count of anything else (sessions, households, documents…).
pub const MAX_OTHER: u64 = 10_000;

/// What a count counts, and so its measure word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Unit {
    /// 场: sessions held.
    Sessions,
    /// 次: times something was done.
    Times,
    /// 人次: attendances (one person at two sessions counts twice).
    Attendances,
    /// 人: people reached or helped.
    People,
    /// 户: households.
    Households,
    /// 名: persons (members, employees).
    Persons,
    /// 个: organisations.
    Organisations,
    /// 份: documents.
    Documents,
    /// 元, counted in fen (an integer, never a float).
    MoneyFen,
}

impl Unit {
    /// Every unit, in the order tables and the catalogue editor list them.
    pub const ALL: [Unit; 9] = [
        Unit::Sessions,
        Unit::Times,
        Unit::Attendances,
        Unit::People,
        Unit::Households,
        Unit::Persons,
        Unit::Organisations,
        Unit::Documents,
        Unit::MoneyFen,
    ];

    /// The measure word that follows a count in Chinese; the noun in English.
    pub fn measure_word(self, lang: Lang) -> &'static str {
        match self {
            Unit::Sessions => lang.pick("场", "sessions"),
            Unit::Times => lang.pick("次", "times"),
            Unit::Attendances => lang.pick("人次", "attendances"),
            Unit::People => lang.pick("人", "people"),
            Unit::Households => lang.pick("户", "households"),
            Unit::Persons => lang.pick("名", "persons"),
            Unit::Organisations => lang.pick("个", "organisations"),
            Unit::Documents => lang.pick("份", "documents"),
            Unit::MoneyFen => lang.pick("元", "yuan"),
        }
    }

    /// The plausibility limit of one entry's count in this unit.
    pub fn max(self) -> u64 {
        match self {
            Unit::MoneyFen => MAX_MONEY_FEN,
            Unit::Attendances | Unit::People => MAX_PEOPLE,
            _ => MAX_OTHER,
        }
    }
}

/// One count a kind asks for, e.g. "参与人数 (人次)".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountDef {
    /// Stable key in an entry's counts, e.g. `participants`.
    pub key: String,
    /// What is counted: decides the measure word, the plausibility limit and whether it is money.
    pub unit: Unit,
    /// The count's name in Chinese, e.g. 参与人数.
    pub zh: String,
    /// The count's name in English.
    pub en: String,
    /// Must be given (may be 0 only if it truly was 0).
    pub required: bool,
}

/// A work line (组), e.g. 思想引领.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkLine {
    /// Stable code that kinds name in `line`, e.g. `guidance`.
    pub code: String,
    /// The line's name in Chinese, e.g. 思想引领.
    pub zh: String,
    /// The line's name in English.
    pub en: String,
}

/// What a kind records: an activity with counts, or a person or household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Shape {
    /// An activity: the kind's counts, level, partners.
    #[default]
    Activity,
    /// A change of the executive committee (进退): a member's name, what
    /// changed, whom she replaced, why. Each counts one person.
    Member,
    /// An honour (最美家庭…): the household or person, at a level. Each
    /// counts one of `unit` (households or persons).
    Honour {
        /// What one honour counts: households (最美家庭) or persons (好婆婆好媳妇).
        unit: Unit,
    },
}

impl Shape {
    /// Whether entries of this shape name a person or household.
    pub fn has_person(self) -> bool {
        !matches!(self, Shape::Activity)
    }
}

/// An activity kind under a work line, with the counts it asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KindDef {
    /// Stable code that entries carry in `kind`, e.g. `lecture`; never reused for another kind.
    pub code: String,
    /// The code of the work line it belongs to.
    pub line: String,
    /// The kind's name in Chinese, e.g. 宣讲活动.
    pub zh: String,
    /// The kind's name in English.
    pub en: String,
    /// The counts an entry of this kind carries, in the order the form shows them.
    pub counts: Vec<CountDef>,
    /// What an entry of this kind records (activity, committee change, honour).
    #[serde(default)]
    pub shape: Shape,
    /// Records name vulnerable people: see [`crate::access`].
    #[serde(default)]
    pub sensitive: bool,
    /// No longer offered for new entries; old entries keep it.
    #[serde(default)]
    pub retired: bool,
    /// How the yearly summary words this kind's totals (see
    /// [`crate::report::summary`]); empty: a plain list of the figures.
    #[serde(default, skip_serializing_if = "Phrase::is_empty")]
    pub phrase: Phrase,
}

/// A summary sentence template per language, e.g.
/// `累计开展宣讲{sessions}，参与党员干部群众{participants}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Phrase {
    /// The Chinese template: count keys in braces become the totals written the federation's way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zh: Option<String>,
    /// The English template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Phrase {
    /// Neither language has a template.
    pub fn is_empty(&self) -> bool {
        self.zh.is_none() && self.en.is_none()
    }

    /// The template in `lang`, if there is one.
    pub fn get(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::Zh => self.zh.as_deref(),
            Lang::En => self.en.as_deref(),
        }
    }
}

impl KindDef {
    /// The kind's name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// The count definition under `key`.
    pub fn count(&self, key: &str) -> Option<&CountDef> {
        self.counts.iter().find(|c| c.key == key)
    }
}

impl WorkLine {
    /// The line's name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

impl CountDef {
    /// The count's name in `lang`.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The whole catalogue, versioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalogue {
    /// Increases with every edit; devices cache the newest they have seen.
    pub version: u32,
    /// The work lines, in the order reports list them.
    pub lines: Vec<WorkLine>,
    /// Every kind, retired ones included (old entries name them), in the order pickers list them.
    pub kinds: Vec<KindDef>,
}

/// Why a catalogue is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    /// What is wrong, in English, for the admin and the logs.
    #[error("the catalogue is inconsistent: {0}")]
    Inconsistent(String),
}

impl Catalogue {
    /// The kind with this code, retired or not.
    pub fn kind(&self, code: &str) -> Option<&KindDef> {
        self.kinds.iter().find(|k| k.code == code)
    }

    /// The work line with this code.
    pub fn line(&self, code: &str) -> Option<&WorkLine> {
        self.lines.iter().find(|l| l.code == code)
    }

    /// The kinds of a work line offered for new entries, in catalogue order.
    pub fn active_kinds<'a>(&'a self, line: &'a str) -> impl Iterator<Item = &'a KindDef> + 'a {
        self.kinds
            .iter()
            .filter(move |k| k.line == line && !k.retired)
    }

    /// Whether records of this kind name vulnerable people. Unknown kinds are
    /// not sensitive: the catalogue only ever retires kinds, never drops them.
    pub fn is_sensitive(&self, code: &str) -> bool {
        self.kind(code).is_some_and(|k| k.sensitive)
    }

    /// A kind's name, or its code when this catalogue does not know it.
    pub fn kind_name<'a>(&'a self, code: &'a str, lang: Lang) -> &'a str {
        self.kind(code).map_or(code, |k| k.name(lang))
    }

    /// Checks the catalogue itself: unique codes, every kind on a known line,
    /// unique count keys per kind.
    pub fn check(&self) -> Result<(), CatalogueError> {
        let bad = |m: String| Err(CatalogueError::Inconsistent(m));
        let mut seen = std::collections::HashSet::new();
        for line in &self.lines {
            if !seen.insert(("line", line.code.as_str())) {
                return bad(format!("work line {} twice", line.code));
            }
        }
        for kind in &self.kinds {
            if !seen.insert(("kind", kind.code.as_str())) {
                return bad(format!("kind {} twice", kind.code));
            }
            if !self.lines.iter().any(|l| l.code == kind.line) {
                return bad(format!("kind {} on unknown line {}", kind.code, kind.line));
            }
            let mut keys = std::collections::HashSet::new();
            if kind.counts.iter().any(|c| !keys.insert(c.key.as_str())) {
                return bad(format!("kind {} has a count twice", kind.code));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "catalogue_tests.rs"]
mod tests;
