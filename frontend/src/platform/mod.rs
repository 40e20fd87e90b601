//! The browser's edges: the ground floor. localStorage, the HTTP calls (and
//! the gzip of a push), the cross-tab lease, the clock, downloads,
//! installation, timing, the page's event loop, fetched images shown through
//! `blob:` URLs, loaded when seen; photos: IndexedDB (`idb`), compression
//! (`picture`) and their calls (`photo_api`). Nothing here knows a screen, a
//! word of the UI or the app's state.

pub mod admin_api;
pub mod api;
mod api_error;
pub mod clock;
pub mod download;
pub mod file_input;
pub mod gzip;
pub mod idb;
pub mod install;
pub mod lease;
pub mod object_url;
pub mod offline_support;
pub mod photo_api;
pub mod picture;
pub mod storage;
pub mod task;
pub mod timing;
