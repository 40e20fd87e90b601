//! An entry in the ledger: one activity as a cadre recorded it on her phone.

use crate::date::LocalDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One recorded activity. Created on the device (which picks the id, a UUID v7,
/// so it sorts by creation time and never needs the server to be unique).
///
/// Counts are unsigned: a negative count cannot even be decoded. Device times
/// are what the user meant; they are stored but never used to order or page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Made on the device (UUID v7).
    pub id: Uuid,
    /// The organisation that ran it; decides who may see it.
    pub org_id: Uuid,
    /// The activity kind's code in the catalogue (e.g. `lecture`).
    pub kind: String,
    /// A short title, e.g. "学习二十大巾帼宣讲".
    pub title: String,
    /// The day the activity happened.
    pub date: LocalDate,
    /// Where: village, venue.
    pub place: String,
    /// Number of sessions (场) held.
    pub sessions: u32,
    /// Number of participants (人次).
    pub participants: u32,
    /// Free text.
    pub note: String,
    /// Device clock at creation, ms since the Unix epoch.
    pub created_ms: i64,
    /// Device clock at the last edit, ms since the Unix epoch.
    pub updated_ms: i64,
}
