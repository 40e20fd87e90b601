//! The admin's screens, one file each. The server refuses all of these to
//! anyone else; the app only hides the tabs.

mod audit;
mod backup_import;
mod catalogue;
mod catalogue_add;
mod catalogue_editing;
mod catalogue_kind;
mod choice;
mod devices;
mod orgs;
mod setup;
mod users;

pub use audit::AuditLog;
pub use catalogue::CatalogueEditor;
pub use devices::DeviceList;
pub use orgs::OrgAdmin;
pub use users::UserAdmin;
