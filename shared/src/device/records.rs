//! The records the device store keeps and the answers it gives: the device's
//! identity and counters, an entry with its sync state, and the errors.

use super::kv::KvError;
use crate::date::LocalDate;
use crate::entry::{Entry, EntryField};
use crate::sync::protocol::{ConflictKey, Outcome, RejectReason};
use crate::sync::window::FillCursor;
use crate::validate::ValidationError;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The layout version this code writes. Older data is migrated on open.
pub const SCHEMA_VERSION: u32 = 2;

/// Counters and identity of this device, in one small record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceMeta {
    pub schema: u32,
    /// Made once on first start, never changes.
    pub device_id: Uuid,
    /// The `seq` the next change gets.
    pub next_seq: u64,
    /// Every change up to this one has a receipt from the server.
    pub acked_seq: u64,
    /// Every change up to this one has a receipt (as `acked_seq`). Kept in
    /// the layout for older versions of the app, which read it; it no longer
    /// says "sent": a change is only in flight while a request carries it
    /// (`DeviceStore::mark_in_flight`), which nothing stored can know.
    pub sent_through: u64,
    /// Device clock at the last successful sync.
    pub last_sync_ms: Option<i64>,
    /// Every server change up to this number has been pulled.
    #[serde(default)]
    pub pulled_through: u64,
    /// The last attempt to send changes that did not reach the server (or
    /// whose answer never came back), until an answer arrives for them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_attempt: Option<FailedAttempt>,
    /// Entries dated before this day may be missing here (the window's
    /// first fill did not ask for them, or they were evicted to keep the
    /// budget); from it on, the phone holds all it may read. `None`: it
    /// holds everything (a full pull, as older builds made).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_from: Option<LocalDate>,
    /// A first fill of the window under way, so that one cut short goes on
    /// where it stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fill: Option<FillState>,
    /// The server was restored from a backup and expects this change of
    /// the device next, below the ones it had answered: a restoration is
    /// sent before anything else (see `sync::recovery`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore_from: Option<u64>,
    /// The newest restoration on the server this device has pulled since
    /// (`PullPage::restored_at`): a newer one makes it pull from the start.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub restoration_seen: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A first fill of the window under way (see `sync::window`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FillState {
    /// The window's first day the fill asks from.
    pub from: LocalDate,
    /// The server's newest change number when the fill began: the
    /// incremental pulls start after it once the fill is done.
    pub upto: u64,
    /// Where the next page continues; `None` before the first page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<FillCursor>,
}

/// An attempt to send the outbox that failed: the changes it carried never
/// got a receipt, so their entries are still only on this phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedAttempt {
    /// The last change the failed request carried (it carried all before it
    /// that had no receipt).
    pub through: u64,
    /// Device clock when the attempt failed, to say when.
    pub at_ms: i64,
}

/// An entry as the device keeps it (stored in the compact layout of `device::codec`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalEntry {
    pub entry: Entry,
    /// The change that last wrote this entry.
    pub seq: u64,
    /// The server's answer to that change, once it came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// The newest server version (`change_no`) of this entry whose whole
    /// state the device has seen (its create's receipt, or a pull); what its
    /// next edit is based on. `None`: not (yet) known to be on the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
}

/// A change waiting in the outbox. Only what the change is, not the entry's
/// content: that is read from the entry's record when the change is sent, so
/// a pending entry is never stored twice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub seq: u64,
    pub id: Uuid,
    pub op: PendingOp,
    /// The catalogue version the change was checked under on the phone
    /// (sent with it: the server judges it by the same rules).
    pub catalogue_version: Option<u32>,
}

/// What a pending change does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingOp {
    /// Create the entry.
    Create,
    /// Edit these fields, made from this server version.
    Update {
        fields: Vec<EntryField>,
        base_version: Option<u64>,
    },
    /// Settle this conflict.
    Resolve { conflict: ConflictKey },
}

/// Where an entry is, as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryStatus {
    /// Only on this device: never sent, or the last attempt to send it
    /// failed (then when, by the device clock).
    OnDevice { failed_at_ms: Option<i64> },
    /// A request carrying it is on its way now; no answer yet.
    Sending,
    /// On the server, with its receipt number.
    Received { change_no: u64 },
    /// Refused by the server; kept here for a person to fix.
    NeedsAttention { reason: RejectReason },
}

/// Why the store could not do what was asked. Nothing stored is damaged by any of these.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Kv(#[from] KvError),
    /// The data was written by a newer version of the app.
    #[error(
        "the data on this device is of a newer version ({found}) than this app ({SCHEMA_VERSION})"
    )]
    NewerSchema { found: u32 },
    /// The device record cannot be read; it is left as it is.
    #[error("the device record {key} cannot be read")]
    Unreadable { key: String },
    /// An outbox change is missing and cannot be rebuilt.
    #[error("change {seq} of the outbox is missing")]
    OutboxDamaged { seq: u64 },
}

/// Why an entry was not added, edited or deleted. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddError {
    #[error("the entry is not valid")]
    Invalid(Vec<ValidationError>),
    #[error("an entry with this id is already on the device")]
    DuplicateId,
    #[error("no entry with this id is on the device")]
    NotFound,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one pulled page changed on the device.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullSummary {
    /// Entries taken from the server (new or newer).
    pub taken: usize,
    /// Of those, entries with changes of this device still waiting, kept on top.
    pub kept_local: usize,
    /// Conflicts now waiting for a person.
    pub conflicts: usize,
    /// The page showed the server restored from a backup (see
    /// `sync::recovery`): it was not taken, and the next pull starts again
    /// (from the start, or where the restoration leaves it).
    pub restarted: bool,
}

/// What one push response changed on the device.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncSummary {
    pub applied: usize,
    pub rejected: usize,
    /// The server needs an earlier change than this device still has
    /// and could not be re-based (never set by this version: a server
    /// restored from an older backup gets a restoration, see
    /// `sync::recovery`; kept for the screens that would show it).
    pub server_expects: Option<u64>,
    /// The server turned out to be behind this device (restored from an
    /// older backup): the next push re-bases it. Progress, not a failure.
    pub recovering: bool,
}
