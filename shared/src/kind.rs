//! The activity kinds a cadre picks from. A stop-gap list until the catalogue
//! becomes editable, versioned data (work lines → kinds → counts).

use crate::lang::Lang;

/// One kind of activity: a stable code and its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
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
    },
    Kind {
        code: "family_education",
        zh: "家庭教育讲座",
        en: "Family-education lecture",
    },
    Kind {
        code: "visit",
        zh: "走访慰问",
        en: "Visit to a vulnerable family",
    },
    Kind {
        code: "skills_training",
        zh: "技能培训",
        en: "Skills training",
    },
    Kind {
        code: "legal_awareness",
        zh: "普法宣传",
        en: "Legal-awareness event",
    },
    Kind {
        code: "volunteer_service",
        zh: "志愿服务",
        en: "Volunteer service",
    },
    Kind {
        code: "meeting",
        zh: "组织建设会议",
        en: "Organisation meeting",
    },
    Kind {
        code: "other",
        zh: "其他活动",
        en: "Other activity",
    },
];

/// The kind with this code, if it is one of the defaults.
pub fn find_kind(code: &str) -> Option<&'static Kind> {
    DEFAULT_KINDS.iter().find(|k| k.code == code)
}
