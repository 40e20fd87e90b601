//! The views. Thin: they read state from context, render it, and dispatch to
//! the ledger and the sync driver.

mod entry_form;
mod entry_list;
mod header;
mod storage_notice;
mod sync_status;

pub use entry_form::EntryForm;
pub use entry_list::EntryList;
pub use header::Header;
pub use storage_notice::StorageNotice;
pub use sync_status::SyncStatus;
