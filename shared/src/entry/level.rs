//! [`Level`]: the level (省级 … 村级) an activity was held at or an honour
//! given at; its wire code and its names in both languages.

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// The level an activity was held at, or an honour was given at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Level {
    /// 省级 province.
    Province,
    /// 市级 city.
    City,
    /// 县级 county.
    County,
    /// 街道级 subdistrict (the deployment's own level).
    Subdistrict,
    /// 村级 village or community.
    Village,
}

impl Level {
    /// Highest first, as a picker lists them.
    pub const ALL: [Level; 5] = [
        Level::Province,
        Level::City,
        Level::County,
        Level::Subdistrict,
        Level::Village,
    ];

    /// The level's code on the wire and in report row keys, e.g. `city`.
    pub fn code(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::Subdistrict => "subdistrict",
            Level::Village => "village",
        }
    }

    /// The level with this code, if any.
    pub fn from_code(code: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The level's name in `lang`, e.g. 省级.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Level::Province => lang.pick("省级", "Province"),
            Level::City => lang.pick("市级", "City"),
            Level::County => lang.pick("县级", "County"),
            Level::Subdistrict => lang.pick("街道级", "Subdistrict"),
            Level::Village => lang.pick("村级", "Village"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for l in Level::ALL {
            assert_eq!(Level::from_code(l.code()), Some(l));
        }
    }
}
