//! The device's side of the ledger: entries kept on the phone and the outbox of
//! changes the server has not yet confirmed, over a plain key-value interface.

mod kv;
mod records;
mod store;
#[cfg(test)]
mod test_server;

pub use kv::{KeyValue, KvError, MemoryKv, STORAGE_BUDGET_UNITS};
pub use records::{
    AddError, DeviceMeta, EntryStatus, LocalEntry, StoreError, SyncSummary, SCHEMA_VERSION,
};
pub use store::DeviceStore;
