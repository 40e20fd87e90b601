//! The app's reactive state, one owner per concern: the session, the
//! account's device store, the sync driver, the cached catalogue, what the
//! form remembers and its drafts, and which screen shows; the account's
//! photos (IndexedDB) and their background upload.

pub mod catalogue;
pub mod draft;
pub mod ledger;
pub mod nav;
pub mod photo_upload;
pub mod photos;
pub mod prefs;
pub mod report_cache;
pub mod session;
pub mod sync;
