//! The device's side of the ledger: entries kept on the phone and the outbox of
//! changes the server has not yet confirmed, over a plain key-value interface.

mod kv;
mod store;

pub use kv::{KeyValue, KvError, MemoryKv};
pub use store::{
    AddError, DeviceMeta, DeviceStore, EntryStatus, LocalEntry, StoreError, SyncSummary,
    SCHEMA_VERSION,
};
