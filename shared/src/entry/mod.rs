//! An entry in the ledger: one thing a cadre recorded on her phone — an
//! activity with its counts, a change of the executive committee, or an honour.
//! What a kind asks for is the catalogue's business ([`crate::catalogue`]);
//! this module holds the record itself and the names of its fields, a file
//! each: the record ([`Entry`]), its [`Level`], the [`Person`] it names (and
//! the committee change, [`MemberChange`]), and its fields by name
//! ([`EntryField`], what edits and validation messages point at).
//!
//! The parts are re-exported here: callers write `shared::entry::Entry`.
#![deny(missing_docs)]

mod field;
mod level;
mod person;
mod record;

pub use field::EntryField;
pub use level::Level;
pub use person::{MemberChange, Person};
pub use record::Entry;
