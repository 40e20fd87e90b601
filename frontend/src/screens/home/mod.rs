//! The first screen and its cards: the totals, conflicts waiting, the
//! executive committees, the sync status, storage warnings, the export.

mod conflicts;
mod export_button;
mod home_screen;
mod roster;
mod storage_notice;
mod sync_status;

pub use home_screen::Home;
