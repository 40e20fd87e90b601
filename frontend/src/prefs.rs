//! What the form remembers per account on this phone, so the next entry
//! takes fewer taps: the organisation, place and level used last, and the
//! kinds used most recently (first in the kind picker). Stored under
//! `jg:u:<username>:prefs`, best effort: losing it costs a few taps.

use crate::ledger::namespace;
use crate::storage;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How many recent kinds the picker shows first.
pub const RECENT_KINDS: usize = 4;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefs {
    #[serde(default)]
    pub org: Option<Uuid>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub level: String,
    /// Most recent first.
    #[serde(default)]
    pub recent_kinds: Vec<String>,
}

fn key(username: &str) -> String {
    format!("{}:prefs", namespace(username))
}

impl Prefs {
    pub fn load(username: &str) -> Prefs {
        storage::get_raw(&key(username))
            .and_then(|raw| serde_json::from_str(&raw).ok())
            .unwrap_or_else(|| Prefs {
                // The first release kept only the organisation, under `:org`.
                org: storage::get_raw(&format!("{}:org", namespace(username)))
                    .and_then(|raw| raw.parse().ok()),
                ..Prefs::default()
            })
    }

    pub fn save(&self, username: &str) {
        if let Ok(raw) = serde_json::to_string(self) {
            storage::set_raw(&key(username), &raw);
        }
    }

    /// Remembers what an entry just saved used.
    pub fn remember(&mut self, org: Uuid, place: &str, level: &str, kind: &str) {
        self.org = Some(org);
        self.place = place.to_owned();
        self.level = level.to_owned();
        self.recent_kinds.retain(|k| k != kind);
        self.recent_kinds.insert(0, kind.to_owned());
        self.recent_kinds.truncate(RECENT_KINDS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_kinds_are_most_recent_first_without_repeats() {
        let mut p = Prefs::default();
        for k in [
            "lecture", "visit", "lecture", "donation", "meeting", "document",
        ] {
            p.remember(Uuid::nil(), "河湾社区", "village", k);
        }
        assert_eq!(
            p.recent_kinds,
            vec!["document", "meeting", "donation", "lecture"]
        );
        assert_eq!(p.place, "河湾社区");
    }
}
