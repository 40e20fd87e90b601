//! The browser's edges: the ground floor. localStorage, the HTTP calls (and
//! the gzip of a push), the cross-tab lease, the clock, downloads,
//! installation, timing and the page's event loop; photos: IndexedDB (`idb`),
//! compression (`picture`) and their calls (`photo_api`). Nothing here knows a screen, a word of the UI or the app's state.

pub mod api;
mod api_error;
pub mod clock;
pub mod download;
pub mod gzip;
pub mod idb;
pub mod install;
pub mod lease;
pub mod offline_support;
pub mod photo_api;
pub mod picture;
pub mod storage;
pub mod task;
pub mod timing;
