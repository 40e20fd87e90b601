//! The wire types of the sync protocol, shared by the phone and the server.
//!
//! A device numbers its changes 1, 2, 3… and pushes them in order. The server
//! applies each number exactly once and answers with one [`Receipt`] per change.
//! Receipts are stored, so a retried push gets the very same answer.
#![deny(missing_docs)]

use crate::entry::{Entry, EntryField};
use crate::sync::merge::Conflict;
/// Conflicts are the merge's; their key travels in settlements and pulls.
pub use crate::sync::merge::ConflictKey;
use crate::validate::ValidationError;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Most changes in one push; a device with more sends several batches.
pub const MAX_BATCH: usize = 200;
/// Most entries in one page of the listing.
pub const MAX_PAGE: u32 = 1000;

/// A numbered change made on one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Change {
    /// 1, 2, 3… per device, with no gaps.
    pub seq: u64,
    /// What it does.
    pub op: ChangeOp,
    /// The catalogue version the phone recorded it under: the server judges
    /// the entry by that version's rules, so an older phone's entry is never
    /// refused for a rule it could not know. Absent (older phones, tombstones,
    /// settlements): judged under the catalogue in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalogue_version: Option<u32>,
}

/// What a change does: create an entry, or edit one. A delete is an edit that
/// sets the tombstone (`deleted`), and an undo is an edit that clears it, so
/// deletes travel, replay and conflict exactly like edits.
///
/// Externally tagged on the wire (`"op": {"create": {"entry": …}}`) so that a
/// decoding error names its full path, e.g. `changes[0].op.create.entry.participants`
/// (internally tagged or flattened enums are buffered and lose the path).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ChangeOp {
    /// A new entry.
    Create {
        /// The entry as the device recorded it (the device chose its id).
        entry: Entry,
    },
    /// An edit: `fields` of `entry` are the new values; the others are not
    /// part of the change (the server keeps its own).
    Update {
        /// The entry as the device now holds it; only `fields` of it are the change.
        entry: Entry,
        /// The fields the edit changed: the server takes these and keeps its own for the rest.
        fields: Vec<EntryField>,
        /// The server version (`change_no`) the edit was made from; `None`
        /// when the device has not yet had a receipt for the entry (the base
        /// is then this device's own earlier change, which the server has
        /// applied first, in order).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base_version: Option<u64>,
    },
    /// A person looked at a conflict and settled it (any value they chose
    /// travels as an ordinary edit before this).
    Resolve {
        /// The entry the conflict is on.
        entry_id: Uuid,
        /// Which conflict was settled.
        conflict: ConflictKey,
    },
    /// Sent only by a phone ahead of a server restored from an older backup
    /// (see [`crate::sync::recovery`]): numbered with the change the server
    /// expects, it stands for every change of the device up to `through`
    /// (which had receipts before the restoration). The entries those
    /// changes last wrote come back whole at their current content: created
    /// if the server lacks them, else merged in as an edit that saw none of
    /// the other devices' writes (a concurrent one is a conflict, never an
    /// overwrite). The device's counter moves to `through`, once.
    Restore {
        /// The device's last change with a receipt covered by this one.
        through: u64,
        /// The entries its changes from this one's number on last wrote,
        /// at most [`MAX_BATCH`].
        entries: Vec<Entry>,
    },
}

impl ChangeOp {
    /// The entry the change is about (nil for a [`ChangeOp::Restore`]).
    pub fn entry_id(&self) -> Uuid {
        match self {
            ChangeOp::Create { entry } | ChangeOp::Update { entry, .. } => entry.id,
            ChangeOp::Resolve { entry_id, .. } => *entry_id,
            // About several entries: the receipt names none.
            ChangeOp::Restore { .. } => Uuid::nil(),
        }
    }
}

/// A conflict as the server keeps it, with whether it was settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConflictRecord {
    /// Names it (the later change and the field).
    pub key: ConflictKey,
    /// Which entry and field, both values, and which change wrote each.
    #[serde(flatten)]
    pub conflict: Conflict,
    /// The change that settled it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_by: Option<u64>,
}

/// One page of what changed on the server, in server order, for a device to
/// take into its store: every entry the account may read whose version lies
/// in `(after, upto]`, each once at its newest version, and the conflicts
/// made or settled in that range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullPage {
    /// The `after` this page answers: a device takes a page only if it
    /// continues from where it is (a late or repeated answer is ignored).
    pub after: u64,
    /// Each entry the account may read that changed in the range, once, at its newest version;
    /// deleted ones as tombstones.
    pub entries: Vec<PulledEntry>,
    /// Conflicts made or settled in the range, on entries the account may read.
    #[serde(default)]
    pub conflicts: Vec<ConflictRecord>,
    /// The newest change number this page covers: the next `after`.
    pub upto: u64,
    /// More pages follow.
    pub more: bool,
    /// The highest change number of the pulling device the server had taken
    /// when it made this page: those changes are in the page's entries
    /// already, even if their receipts never reached the device.
    #[serde(default)]
    pub device_taken: u64,
    /// When the server was last restored from a backup, ms since the Unix
    /// epoch (0: never): a device that last pulled from the start under
    /// another value pulls again from the start, since the server may give
    /// out again numbers the device holds from before (see
    /// [`crate::sync::recovery`]). Not sent when 0: the answer of a server
    /// never restored is the one older builds know.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub restored_at: u64,
    /// Server clock when it answered, ms since the Unix epoch, to flag a
    /// phone whose clock is far off.
    pub server_ms: i64,
}

/// An entry at a server version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PulledEntry {
    /// The entry's content at that version.
    pub entry: Entry,
    /// Its version: the server's number (`change_no`) of the change that last wrote it.
    pub version: u64,
}

/// A batch of a device's changes, in ascending `seq` order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    /// The pushing device; must be the device of the session's token.
    pub device_id: Uuid,
    /// Its changes, in ascending `seq` order, at most [`MAX_BATCH`].
    pub changes: Vec<Change>,
}

/// The server's answer to a push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    /// One receipt per change the server has taken, in order. A change missing
    /// here was not taken (see `expected_seq`) and must be sent again.
    pub receipts: Vec<Receipt>,
    /// The highest `seq` of this device the server has taken.
    pub last_applied: u64,
    /// Set when the batch skipped a number: the `seq` the server needs next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_seq: Option<u64>,
}

/// What became of one change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    /// The device's number of the change this answers.
    pub seq: u64,
    /// Applied or rejected.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Applied (with the server's receipt number) or rejected for good (with a reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Outcome {
    /// Stored; `change_no` is the server's receipt number, unique and increasing.
    Applied {
        /// The server's receipt number: the entry's version after this change.
        change_no: u64,
    },
    /// Refused for good; the device keeps the change for a person to fix.
    Rejected {
        /// Why, for the person who will fix the change.
        reason: RejectReason,
    },
}

/// Why a change was refused for good.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RejectReason {
    /// The entry breaks a validation rule.
    Invalid {
        /// Every rule the entry breaks, each naming its field.
        #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::validation_errors))]
        errors: Vec<ValidationError>,
    },
    /// Another entry with this id, with other content, is already on the server.
    IdTaken,
    /// The account may not record for the entry's organisation.
    NotPermitted {
        /// Why the account may not record there.
        #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::denied))]
        denied: crate::access::Denied,
    },
    /// An edit of an entry the server does not hold.
    NotFound,
    /// A settlement of a conflict the server does not hold.
    NoSuchConflict,
    /// A reason this build does not know: what an older app makes of a kind
    /// of refusal a newer server added. It is a refusal for good all the
    /// same, so the queue moves on and the entry waits, visible, for a
    /// person. A server never sends it.
    #[serde(other)]
    Unknown,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// One entry as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServerEntry {
    /// The entry's content.
    #[serde(flatten)]
    pub entry: Entry,
    /// The device that last wrote it.
    pub device_id: Uuid,
    /// Who recorded it (the username of the account that created it).
    #[serde(default)]
    pub recorded_by: String,
    /// The receipt number of the change that last wrote it: its version.
    pub change_no: u64,
    /// Server clock when it arrived, ms since the Unix epoch.
    pub received_ms: i64,
}

/// A page of the listing, in server order (`change_no`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntryPage {
    /// Entries in ascending `change_no` order, at most the `limit` asked.
    pub entries: Vec<ServerEntry>,
    /// Pass as `after` to get the next page; `None` when this was the last.
    pub next_after: Option<u64>,
}

#[cfg(test)]
#[path = "protocol_tests.rs"]
mod tests;
