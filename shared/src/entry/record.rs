//! The record itself: [`Entry`], one activity, committee change or honour,
//! as the phone stores it and the wire carries it.

use super::{Level, Person};
use crate::date::LocalDate;
use crate::photo::PhotoRef;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// One record of the ledger. Created on the device (which picks the id, a UUID
/// v7, so it sorts by creation time and never needs the server to be unique).
///
/// Counts are unsigned: a negative count cannot even be decoded. Money is
/// counted in fen. Device times are what the user meant; they are stored but
/// never used to order or page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entry {
    /// Made on the device (UUID v7): unique without the server, sorts by
    /// creation time, never changes.
    pub id: Uuid,
    /// The organisation that ran it; decides who may see it.
    pub org_id: Uuid,
    /// The kind's code in the catalogue (e.g. `lecture`).
    pub kind: String,
    /// A short title, e.g. "学习二十大巾帼宣讲".
    pub title: String,
    /// The day it happened (the first day of a span).
    pub date: LocalDate,
    /// The last day, for an activity over several days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<LocalDate>,
    /// Where: village, venue.
    pub place: String,
    /// The level it was held at ("承办省级…1场") or an honour's level.
    pub level: Level,
    /// Offices that took part, e.g. 民政办, 扶贫办.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<String>,
    /// The counts the kind asks for, by the catalogue's keys (`participants`,
    /// `funds_fen`…), each in its unit: people, sessions, households…, money
    /// in fen (1 元 = 100 fen). Keys the kind does not ask for are refused.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub counts: BTreeMap<String, u64>,
    /// The person or household of a committee change or an honour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Person>,
    /// Free text: what was done.
    pub note: String,
    /// The photos, in the order shown (图1, 图2…; at most
    /// [`crate::photo::reference::MAX_PHOTOS`]), by the hash of their bytes.
    /// Adding, removing, reordering or captioning one is an edit of this one
    /// field. Left out when empty, so older phones and stored entries decode
    /// unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<PhotoRef>,
    /// A tombstone: deleted entries stay (and sync) so the delete reaches
    /// every device and can be undone.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    /// Device clock at creation, ms since the Unix epoch (UTC); within
    /// [`crate::validate::EARLIEST_CLOCK_MS`]..[`crate::validate::LATEST_CLOCK_MS`].
    /// Shown, never used to order.
    pub created_ms: i64,
    /// Device clock at the last edit, ms since the Unix epoch (UTC); same
    /// bounds as `created_ms`.
    pub updated_ms: i64,
}

impl Entry {
    /// The last day it covers (the date itself unless it spans several days).
    pub fn last_day(&self) -> LocalDate {
        self.end_date.unwrap_or(self.date)
    }

    /// A count by key, 0 when not given.
    pub fn count(&self, key: &str) -> u64 {
        self.counts.get(key).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::sample_entry;

    #[test]
    fn empty_optional_parts_are_left_out_of_the_json() {
        let json = serde_json::to_string(&sample_entry(1)).unwrap();
        assert!(!json.contains("deleted"), "{json}");
        assert!(!json.contains("person"), "{json}");
        assert!(!json.contains("end_date"), "{json}");
        assert!(!json.contains("photos"), "{json}");
    }
}
