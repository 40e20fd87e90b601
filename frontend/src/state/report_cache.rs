//! The last reports an account opened online, kept for reading offline (an
//! office account keeps no mirror to count from): at most
//! [`KEPT`] under `jg:u:<account>:reports`, newest first, matched by period
//! and organisation. Best effort: a copy that cannot be written (storage
//! full) is simply not kept; nothing else depends on it.

use serde::{Deserialize, Serialize};
use shared::date::LocalDate;
use shared::report::build::Report;
use uuid::Uuid;

/// Reports kept per account.
pub const KEPT: usize = 3;

/// Which report a copy is of (the language only names exported files).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportKey {
    /// The period's first day.
    pub from: LocalDate,
    /// The period's last day.
    pub to: LocalDate,
    /// The organisation whose subtree it covers (`None`: the account's own).
    pub org: Option<Uuid>,
}

/// A report as the server sent it, and when (device clock).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedReport {
    /// Which report this is a copy of.
    pub key: ReportKey,
    /// When it came from the server (device clock, ms since the epoch).
    pub fetched_ms: i64,
    /// The report as the server sent it.
    pub report: Report,
}

/// `list` with `copy` first, replacing an older copy of the same report,
/// and at most [`KEPT`] in all.
pub fn remember(mut list: Vec<CachedReport>, copy: CachedReport) -> Vec<CachedReport> {
    list.retain(|c| c.key != copy.key);
    list.insert(0, copy);
    list.truncate(KEPT);
    list
}

/// The copy of the report `key`, if kept.
pub fn find(list: &[CachedReport], key: ReportKey) -> Option<&CachedReport> {
    list.iter().find(|c| c.key == key)
}

fn storage_key(username: &str) -> String {
    format!("{}:reports", crate::platform::storage::namespace(username))
}

/// The copies kept for `username` (none if unreadable).
pub fn load(username: &str) -> Vec<CachedReport> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(&storage_key(username)).ok().flatten())
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .unwrap_or_default()
}

/// Keeps `copy` for `username` (see the module's note on failure).
pub fn save(username: &str, copy: CachedReport) {
    let list = remember(load(username), copy);
    let Ok(raw) = serde_json::to_string(&list) else {
        return;
    };
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(&storage_key(username), &raw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(y: i32) -> ReportKey {
        ReportKey {
            from: LocalDate::new(y, 1, 1).unwrap(),
            to: LocalDate::new(y, 12, 31).unwrap(),
            org: None,
        }
    }

    fn copy(y: i32, ms: i64) -> CachedReport {
        CachedReport {
            key: key(y),
            fetched_ms: ms,
            report: Report::build(
                shared::report::build::ReportQuery {
                    period: shared::date::Period::year_of(key(y).from),
                    root: Uuid::nil(),
                },
                &shared::report::tally::Tally::default(),
                &shared::catalogue_default::default_catalogue(),
                &shared::org::OrgTree::default(),
            ),
        }
    }

    #[test]
    fn the_newest_copies_are_kept_one_per_report() {
        let mut list = Vec::new();
        for (y, ms) in [(2024, 1), (2025, 2), (2024, 3), (2023, 4), (2022, 5)] {
            list = remember(list, copy(y, ms));
        }
        let kept: Vec<(i32, i64)> = list
            .iter()
            .map(|c| (c.key.from.year(), c.fetched_ms))
            .collect();
        assert_eq!(kept, [(2022, 5), (2023, 4), (2024, 3)]);
        assert_eq!(find(&list, key(2024)).map(|c| c.fetched_ms), Some(3));
        assert!(find(&list, key(2025)).is_none(), "pushed out");
    }
}
