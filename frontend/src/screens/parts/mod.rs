//! What more than one screen shows: an entry in a list, a row of totals, the
//! organisation select, the message after a screen change, the offline
//! notice, and a call to the server with its loading state.

pub(crate) mod entry_item;
mod flash;
mod offline_notice;
mod org_select;
pub mod server_call;
mod sums_row;
mod window_notice;

pub use entry_item::EntryItem;
pub use flash::FlashBar;
pub use offline_notice::OfflineNotice;
pub use org_select::OrgSelect;
pub use sums_row::SumsRow;
pub use window_notice::{EarlierEntries, WindowNotice};
