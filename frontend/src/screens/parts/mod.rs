//! What more than one screen shows: an entry in a list, a row of totals, the
//! organisation select, the message after a screen change, the offline
//! notice, a call to the server with its loading state, and photos from the
//! server (an image, a row of thumbnails, the viewer).

pub(crate) mod entry_item;
mod flash;
mod offline_notice;
mod org_select;
pub mod photo_img;
mod photo_strip;
mod photo_viewer;
pub mod server_call;
mod sums_row;
mod window_notice;

pub use entry_item::EntryItem;
pub use flash::FlashBar;
pub use offline_notice::OfflineNotice;
pub use org_select::OrgSelect;
pub use photo_strip::PhotoStrip;
pub use photo_viewer::PhotoViewer;
pub use sums_row::SumsRow;
pub use window_notice::{EarlierEntries, WindowNotice};
