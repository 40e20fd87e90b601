//! What the form remembers per account on this phone, so the next entry
//! takes fewer taps: per kind, the organisation, place and level its last
//! entry used (never another kind's: a visit is not held where the last
//! lecture was), and the kinds used most recently (first in the kind
//! picker). Stored under `jg:u:<username>:prefs`, best effort: losing it
//! costs a few taps.

use crate::platform::storage::{self, namespace};
use serde::{Deserialize, Serialize};
use shared::catalogue::Shape;
use shared::entry::Level;
use std::collections::BTreeMap;
use uuid::Uuid;

/// How many recent kinds the picker shows first.
pub const RECENT_KINDS: usize = 4;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefs {
    /// What the last entry of each kind used, by kind code.
    #[serde(default)]
    pub kinds: BTreeMap<String, Carried>,
    /// Most recent first.
    #[serde(default)]
    pub recent_kinds: Vec<String>,
}

/// What a new entry of a kind starts with, from the last entry of that kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Carried {
    #[serde(default)]
    pub org: Option<Uuid>,
    /// Empty: none.
    #[serde(default)]
    pub place: String,
    /// A `Level` code; empty: the default.
    #[serde(default)]
    pub level: String,
}

impl Carried {
    /// The level the form starts with: the carried one, else the default.
    pub fn level_or_default(&self) -> String {
        if self.level.is_empty() {
            Level::Village.code().to_owned()
        } else {
            self.level.clone()
        }
    }

    /// Whether anything is carried that differs from a fresh form for an
    /// account of organisation `own` (what the form points out).
    pub fn shows(&self, own: Uuid) -> bool {
        self.org.is_some_and(|o| o != own)
            || !self.place.is_empty()
            || self.level_or_default() != Level::Village.code()
    }
}

/// Whether entries of `shape` are held at a place worth carrying over. A
/// committee change or an honour is about a person, not where she was.
pub fn carries_place(shape: Shape) -> bool {
    shape == Shape::Activity
}

fn key(username: &str) -> String {
    format!("{}:prefs", namespace(username))
}

impl Prefs {
    /// The account's prefs. Those of earlier versions kept one set for all
    /// kinds: only the recent kinds are taken from them.
    pub fn load(username: &str) -> Prefs {
        storage::get_raw(&key(username))
            .and_then(|raw| serde_json::from_str(&raw).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, username: &str) {
        if let Ok(raw) = serde_json::to_string(self) {
            storage::set_raw(&key(username), &raw);
        }
    }

    /// What a new entry of `kind` starts with (nothing for a kind never
    /// recorded on this phone).
    pub fn carried(&self, kind: &str) -> Carried {
        self.kinds.get(kind).cloned().unwrap_or_default()
    }

    /// Remembers what an entry of `kind` (of `shape`) just saved used.
    pub fn remember(&mut self, kind: &str, shape: Shape, org: Uuid, place: &str, level: &str) {
        let place = if carries_place(shape) { place } else { "" };
        self.kinds.insert(
            kind.to_owned(),
            Carried {
                org: Some(org),
                place: place.to_owned(),
                level: level.to_owned(),
            },
        );
        self.recent_kinds.retain(|k| k != kind);
        self.recent_kinds.insert(0, kind.to_owned());
        self.recent_kinds.truncate(RECENT_KINDS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GROUP: Uuid = Uuid::from_u128(11);
    const OWN: Uuid = Uuid::from_u128(10);

    #[test]
    fn recent_kinds_are_most_recent_first_without_repeats() {
        let mut p = Prefs::default();
        for k in [
            "lecture", "visit", "lecture", "donation", "meeting", "document",
        ] {
            p.remember(k, Shape::Activity, Uuid::nil(), "河湾社区", "village");
        }
        assert_eq!(
            p.recent_kinds,
            vec!["document", "meeting", "donation", "lecture"]
        );
        assert_eq!(p.carried("lecture").place, "河湾社区");
    }

    #[test]
    fn choices_carry_over_only_within_their_kind() {
        let mut p = Prefs::default();
        p.remember("lecture", Shape::Activity, GROUP, "二组活动室", "township");
        let other = p.carried("visit");
        assert_eq!(other, Carried::default());
        assert!(!other.shows(OWN));
        assert_eq!(other.level_or_default(), "village");

        let same = p.carried("lecture");
        assert_eq!(same.org, Some(GROUP));
        assert_eq!(same.place, "二组活动室");
        assert_eq!(same.level_or_default(), "township");
        assert!(same.shows(OWN));
    }

    #[test]
    fn no_place_is_carried_into_a_kind_about_a_person() {
        let mut p = Prefs::default();
        let honour = Shape::Honour {
            unit: shared::catalogue::Unit::Households,
        };
        p.remember("honour_family", honour, OWN, "二组活动室", "village");
        p.remember("committee_change", Shape::Member, OWN, "村委会", "village");
        assert_eq!(p.carried("honour_family").place, "");
        assert_eq!(p.carried("committee_change").place, "");
        assert!(!p.carried("committee_change").shows(OWN));
    }

    #[test]
    fn the_old_single_set_is_not_carried_into_every_kind() {
        let old = r#"{"org":"00000000-0000-0000-0000-00000000000b","place":"二组活动室","level":"township","recent_kinds":["lecture"]}"#;
        let p: Prefs = serde_json::from_str(old).unwrap();
        assert_eq!(p.carried("honour_family"), Carried::default());
        assert_eq!(p.recent_kinds, vec!["lecture"]);
    }
}
