//! The device's side of the ledger: entries kept on the phone and the outbox of
//! changes the server has not yet confirmed, over a plain key-value interface.

mod codec;
mod export;
mod history;
mod kv;
mod pull;
mod receipts;
mod records;
mod store;
#[cfg(test)]
mod test_server;
mod write;

pub use codec::{decode_entry, encode_entry, encode_outbox};
pub use export::{
    DeviceExport, ExportError, ExportedEntry, ImportSummary, EXPORT_FORMAT, EXPORT_VERSION,
};
pub use history::{history, HistoryQuery, MonthGroup};
pub use kv::{KeyValue, KvError, MemoryKv, STORAGE_BUDGET_UNITS};
pub use records::{
    AddError, DeviceMeta, EntryStatus, FailedAttempt, LocalEntry, OutboxItem, PendingOp,
    PullSummary, StoreError, SyncSummary, SCHEMA_VERSION,
};
pub use store::DeviceStore;
