//! Looking back: the entries on this phone by month, and what the server
//! holds for this account's scope (全部记录).

mod phone_entries;
mod server_entries;

pub use phone_entries::History;
pub use server_entries::{ServerEntries, ServerMonth};
