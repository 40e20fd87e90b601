//! The person (or household) an entry names — a committee member who joined,
//! left or replaced another, or an honoured person — and [`MemberChange`],
//! what happened to her committee seat.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// The person (or household) a committee change or an honour is about.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    /// The member's or household's name, e.g. 王秀英 or 张家.
    pub name: String,
    /// For committee changes: what happened (进退).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<MemberChange>,
    /// For a replacement: the member who left.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub replaces: String,
    /// Why (cannot perform duties, weak performance, …).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// A change of an executive committee (执委进退).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MemberChange {
    /// Added to the committee (增补).
    Joined,
    /// Left it (退出).
    Left,
    /// Took the place of another member (调整), named in `replaces`.
    Replaced,
}

impl MemberChange {
    /// Every change, in the order the form offers them.
    pub const ALL: [MemberChange; 3] = [
        MemberChange::Joined,
        MemberChange::Left,
        MemberChange::Replaced,
    ];

    /// The change's code on the wire and in report row keys, e.g. `joined`.
    pub fn code(self) -> &'static str {
        match self {
            MemberChange::Joined => "joined",
            MemberChange::Left => "left",
            MemberChange::Replaced => "replaced",
        }
    }

    /// The change with this code, if any.
    pub fn from_code(code: &str) -> Option<MemberChange> {
        MemberChange::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The change's name in `lang`, e.g. 增补.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            MemberChange::Joined => lang.pick("增补", "Joined"),
            MemberChange::Left => lang.pick("退出", "Left"),
            MemberChange::Replaced => lang.pick("调整（替换）", "Replaced"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for c in MemberChange::ALL {
            assert_eq!(MemberChange::from_code(c.code()), Some(c));
        }
    }
}
