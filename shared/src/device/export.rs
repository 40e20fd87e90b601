//! The export file: everything on a device, for when the phone cannot sync
//! (lost signal for weeks, storage about to be cleared, a hand-off). The
//! server imports it exactly once: the pending changes go through the same
//! numbered path as a push from this device (a change already applied is
//! replayed, never applied again), and entries the server does not hold are
//! created under their own ids (an id it holds is never created twice). A
//! server restored from a backup older than the device's last receipt is
//! re-based from the file as the phone itself would (`sync::recovery`).
#![deny(missing_docs)]

use super::kv::KeyValue;
use super::records::StoreError;
use super::store::DeviceStore;
use crate::entry::Entry;
use crate::sync::protocol::{Change, Outcome};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The `format` field of every export file.
pub const EXPORT_FORMAT: &str = "jinguo-ledger-export";
/// The layout of the file; readers refuse newer ones.
pub const EXPORT_VERSION: u32 = 1;

/// The whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceExport {
    /// Always [`EXPORT_FORMAT`]: tells the file apart from other JSON.
    pub format: String,
    /// The file's layout, [`EXPORT_VERSION`] when written; readers refuse newer ones.
    pub version: u32,
    /// The phone's device id for this account: the import pushes as this device, so nothing is
    /// stored twice.
    pub device_id: Uuid,
    /// The account whose data this is (its namespace on the phone).
    pub username: String,
    /// Device clock when the file was made, ms since the Unix epoch (UTC).
    pub exported_ms: i64,
    /// Every entry on the device, tombstones included.
    pub entries: Vec<ExportedEntry>,
    /// The changes still waiting for the server, in order, as they would be pushed.
    pub pending: Vec<Change>,
    /// The device's last change with a receipt (files of older builds lack
    /// it): an import into a server restored from an older backup re-bases
    /// the device's counter to it (see `sync::recovery`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked_seq: Option<u64>,
}

/// One entry with what the device knows of its sync state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedEntry {
    /// The entry as the phone holds it (its newest local content).
    pub entry: Entry,
    /// The server's last answer about it, if one arrived: applied (with its receipt number) or
    /// rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// The server version (`change_no`) the phone last took for it; `None`: never synced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
    /// The device's change that last wrote it (0 or absent: none of this
    /// device's; files of older builds lack it): what a re-base restores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
}

/// Why an export file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    /// The JSON is not an export (no `format` of [`EXPORT_FORMAT`]).
    #[error("this is not a Jinguo Ledger export file")]
    NotAnExport,
    /// The file's layout version is newer than this program reads.
    #[error("the export file is of a newer version ({0}) than this program reads")]
    NewerVersion(u32),
    /// The JSON does not decode; the decoder's message says where.
    #[error("the export file is damaged: {0}")]
    Damaged(String),
}

impl DeviceExport {
    /// Reads and checks a file's text.
    pub fn parse(text: &str) -> Result<DeviceExport, ExportError> {
        #[derive(Deserialize)]
        struct Head {
            format: String,
            version: u32,
        }
        let head: Head = serde_json::from_str(text).map_err(|_| ExportError::NotAnExport)?;
        if head.format != EXPORT_FORMAT {
            return Err(ExportError::NotAnExport);
        }
        if head.version > EXPORT_VERSION {
            return Err(ExportError::NewerVersion(head.version));
        }
        serde_json::from_str(text).map_err(|e| ExportError::Damaged(e.to_string()))
    }
}

impl<K: KeyValue> DeviceStore<K> {
    /// Everything on this device, for the export file.
    pub fn export(&self, username: &str, now_ms: i64) -> Result<DeviceExport, StoreError> {
        let mut pending = Vec::new();
        let mut batch_from = 0;
        while let Some(batch) = self.batch_after(batch_from, crate::sync::protocol::MAX_BATCH)? {
            batch_from = batch.changes.last().map_or(u64::MAX, |c| c.seq);
            pending.extend(batch.changes);
        }
        Ok(DeviceExport {
            format: EXPORT_FORMAT.to_owned(),
            version: EXPORT_VERSION,
            device_id: self.device_id(),
            username: username.to_owned(),
            exported_ms: now_ms,
            entries: self
                .entries()
                .map(|l| ExportedEntry {
                    entry: l.entry.clone(),
                    outcome: l.outcome.clone(),
                    version: l.version,
                    seq: Some(l.seq),
                })
                .collect(),
            pending,
            acked_seq: Some(self.meta.acked_seq),
        })
    }
}

/// What importing an export file did (the server's answer to an import).
/// `applied` + `replayed` + `rejected` is the number of pending changes in
/// the file; `restored` + `already_held` + `not_restored` the number of its
/// entries the device believed synced (a server version, not deleted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportSummary {
    /// Pending changes applied now.
    pub applied: u64,
    /// Pending changes the server had already taken (an earlier sync or
    /// import): answered from their stored receipts, nothing stored again.
    pub replayed: u64,
    /// Pending changes refused now (invalid, not permitted, not found).
    pub rejected: u64,
    /// Entries the server did not hold, created from the file.
    pub restored: u64,
    /// Of those, entries the server already holds (nothing to do).
    pub already_held: u64,
    /// Of those, entries the server does not hold and could not create
    /// (invalid under today's rules, or not the account's to record).
    #[serde(default)]
    pub not_restored: u64,
}
