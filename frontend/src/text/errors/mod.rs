//! Every error the app can meet, as a sentence for the cadre in the current
//! language: the one place that decides what a failure is called, one file
//! per where it happens. Entry rules speak through
//! `shared::validate::ValidationError::message`.

mod admin;
mod device;
mod form;
mod server;
mod sync;

pub use admin::problem;
pub use device::{
    add_error, download_refused, storage_use, store_error, unreadable_records, waiting_too_long,
};
pub use form::field_error;
pub use server::{api_error, auth_problem, login_error};
pub use sync::{reject_reason, sync_error};
