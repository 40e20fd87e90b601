//! The sync protocol: wire types, the server's decisions and its field-by-field
//! merge, an in-memory server that follows them ([`model`]), retry timing;
//! a phone ahead of a server restored from a backup ([`recovery`]).
//! The device's side (outbox, receipts, pulls) is in [`crate::device`].

pub mod backoff;
pub mod merge;
pub mod model;
pub mod protocol;
pub mod recovery;
pub mod server_rules;
pub mod window;
