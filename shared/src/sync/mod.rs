//! The sync protocol: wire types, the server's decisions, retry timing.
//! The device's side (outbox, receipts) is in [`crate::device`].

pub mod backoff;
pub mod protocol;
pub mod server_rules;
