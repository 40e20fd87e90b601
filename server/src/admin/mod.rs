//! The admin's actions, shared by the HTTP API (`routes`) and the command line
//! (`cli`): check with `shared`'s rules, write with `db`, and record each in
//! the audit log in the same transaction as the change.
//!
//! - [`orgs`] — create, rename, move, flag, retire and restore organisations.
//! - [`accounts`] — create accounts, reset passwords (one-time passwords).
//! - [`devices`] — revoke and restore devices.
//! - [`setup`] — a subdistrict set up from a spreadsheet ([`setup_file`]
//!   reads it and writes the template, [`setup_error`] says why one is not
//!   imported).

pub mod accounts;
pub mod devices;
pub mod orgs;
pub mod setup;
pub mod setup_error;
pub mod setup_file;
