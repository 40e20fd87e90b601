//! The device's side of the ledger: entries kept on the phone and the outbox of
//! changes the server has not yet confirmed, over a plain key-value interface;
//! the window of the server's entries it keeps, and making room by evicting
//! pulled ones.

mod codec;
mod evict;
mod export;
mod fill;
mod history;
mod kv;
mod pull;
mod receipts;
mod records;
mod recovery;
mod store;
#[cfg(test)]
mod test_server;
mod window;
mod write;

pub use codec::{decode_entry, encode_entry, encode_outbox};
pub use evict::Eviction;
pub use export::{
    DeviceExport, ExportError, ExportedEntry, ImportSummary, EXPORT_FORMAT, EXPORT_VERSION,
};
pub use history::{history, HistoryQuery, MonthGroup};
pub use kv::{KeyValue, KvError, MemoryKv, STORAGE_BUDGET_UNITS};
pub use records::{
    AddError, DeviceMeta, EntryStatus, FailedAttempt, FillState, LocalEntry, OutboxItem, PendingOp,
    PullSummary, StoreError, SyncSummary, SCHEMA_VERSION,
};
pub use store::DeviceStore;
pub use window::{coverage, Coverage, Window, DEFAULT_WINDOW_YEARS, PULLED_BUDGET_UNITS};
