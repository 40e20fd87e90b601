//! The views. Thin: they read state from context, render it, and dispatch to
//! the ledger, the sync driver, the session and the API functions.

pub mod admin;
mod auth_problem;
mod carried_note;
mod conflicts;
mod draft_note;
mod entry_fields;
mod entry_form;
pub(crate) mod entry_item;
mod export_button;
mod flash;
mod header;
mod history;
mod home;
mod kind_picker;
mod offline_notice;
mod org_select;
pub mod remote;
mod reports;
mod roster;
mod server_entries;
mod sign_in;
mod storage_notice;
mod sums_row;
mod sync_status;
mod workspace;

pub use auth_problem::AuthProblemBanner;
pub use conflicts::ConflictsCard;
pub use entry_form::EntryForm;
pub use entry_item::EntryItem;
pub use export_button::ExportButton;
pub use flash::FlashBar;
pub use header::Header;
pub use history::History;
pub use home::Home;
pub use kind_picker::KindPicker;
pub use offline_notice::OfflineNotice;
pub use org_select::OrgSelect;
pub use reports::Reports;
pub use roster::RosterCard;
pub use server_entries::ServerEntries;
pub use sign_in::{LoginForm, SignInScreen};
pub use storage_notice::StorageNotice;
pub use sums_row::SumsRow;
pub use sync_status::SyncStatus;
pub use workspace::Workspace;
