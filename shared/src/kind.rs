//! The activity kinds a cadre picks from. A stop-gap list until the catalogue
//! becomes editable, versioned data (work lines → kinds → counts).

use crate::lang::Lang;

/// One kind of activity: a stable code and its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    /// Records of this kind name vulnerable people: readable only by the
    /// recording organisation's cadres and by admins ([`crate::access`]).
    pub sensitive: bool,
}

impl Kind {
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

/// The kinds offered by default, most common first.
pub const DEFAULT_KINDS: &[Kind] = &[
    Kind {
        code: "lecture",
        zh: "宣讲活动",
        en: "Lecture",
        sensitive: false,
    },
    Kind {
        code: "family_education",
        zh: "家庭教育讲座",
        en: "Family-education lecture",
        sensitive: false,
    },
    Kind {
        code: "visit",
        zh: "走访慰问",
        en: "Visit to a vulnerable family",
        sensitive: false,
    },
    Kind {
        code: "skills_training",
        zh: "技能培训",
        en: "Skills training",
        sensitive: false,
    },
    Kind {
        code: "legal_awareness",
        zh: "普法宣传",
        en: "Legal-awareness event",
        sensitive: false,
    },
    Kind {
        code: "volunteer_service",
        zh: "志愿服务",
        en: "Volunteer service",
        sensitive: false,
    },
    Kind {
        code: "meeting",
        zh: "组织建设会议",
        en: "Organisation meeting",
        sensitive: false,
    },
    Kind {
        code: "high_risk_screening",
        zh: "重点人群和高风险家庭排查",
        en: "Screening of high-risk families",
        sensitive: true,
    },
    Kind {
        code: "other",
        zh: "其他活动",
        en: "Other activity",
        sensitive: false,
    },
];

/// Whether records of this kind are sensitive. Unknown kinds are not.
pub fn is_sensitive(code: &str) -> bool {
    find_kind(code).is_some_and(|k| k.sensitive)
}

/// The kind with this code, if it is one of the defaults.
pub fn find_kind(code: &str) -> Option<&'static Kind> {
    DEFAULT_KINDS.iter().find(|k| k.code == code)
}
