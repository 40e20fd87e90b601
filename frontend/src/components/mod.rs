//! The views. Thin: they read state from context, render it, and dispatch to
//! the ledger, the sync driver, the session and the API functions.

pub mod admin;
mod auth_problem;
mod entry_form;
mod entry_list;
mod header;
mod org_select;
pub mod remote;
mod server_entries;
mod sign_in;
mod storage_notice;
mod sync_status;
mod workspace;

pub use auth_problem::AuthProblemBanner;
pub use entry_form::EntryForm;
pub use entry_list::EntryList;
pub use header::Header;
pub use org_select::OrgSelect;
pub use server_entries::ServerEntries;
pub use sign_in::{LoginForm, SignInScreen};
pub use storage_notice::StorageNotice;
pub use sync_status::SyncStatus;
pub use workspace::Workspace;
