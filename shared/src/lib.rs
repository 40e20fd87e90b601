//! # Jinguo Ledger (巾帼台账): the shared core
//!
//! Everything that must mean the same on the phone and on the server lives in
//! this crate, once: pure Rust, no I/O, tested natively. The frontend (Leptos,
//! wasm) and the server (axum, SQL) are thin edges around it.
//!
//! Where things are:
//! - [`entry`] — the [`Entry`]: one recorded activity, committee change or
//!   honour; its fields, levels, the person it names.
//! - [`catalogue`] — the catalogue of work as versioned data: work lines →
//!   kinds → counts with units and measure words, and which kinds name a
//!   person (rosters, honours) or vulnerable people (sensitive);
//!   [`catalogue_default`] holds the nine work lines a deployment starts with.
//! - [`validate`] — the rules an entry must pass under a catalogue, with
//!   messages in Chinese and English naming the field. Run by the form and
//!   again by the server.
//! - `openapi` (feature `openapi`, the server's) — schemas serde cannot derive.
//! - [`org`] — the organisation tree: kinds, where each may sit, subtrees.
//! - [`access`] — roles and who may read and write what, over the tree;
//!   [`scope`] — what an account may read, as lists (its organisations, the
//!   [`scope::Scope`] of entries the listing, pulls and reports read).
//! - [`api`] — every address of the HTTP API, and its error body;
//!   [`listing`] — the server's listing by date (全部记录), a page at a time.
//! - [`account`] — sign-in, devices, admin API: wire types; username and
//!   password rules.
//! - [`audit`] — [`audit::AuditAction`]: what the audit log records, its
//!   codes and its names in both languages.
//! - [`date`] — a calendar date without time zone; "today" in China; a
//!   period of days.
//! - [`text`] — one rule for typed text: what is blank at the edges (spaces,
//!   zero-width characters), what no text may hold (controls, bidi overrides).
//! - [`lang`] — the UI languages.
//! - [`money`] — [`money::Fen`]: amounts in fen, parsed as typed ("1.5万")
//!   and written for screens, forms and exports.
//! - [`sync`] — the sync protocol: wire types ([`sync::protocol`]), the
//!   server's exactly-once decisions ([`sync::server_rules`]), retry timing,
//!   and a phone ahead of a server restored from a backup
//!   ([`sync::recovery`]: it re-bases the server once).
//! - [`device`] — the phone's store over a key-value interface: entries, the
//!   outbox of unconfirmed changes, edits and tombstones, applying receipts,
//!   the compact storage layout and its migrations, the export file.
//! - [`report`] — the office's reports: the tally (month × organisation ×
//!   kind sums, from entries or from SQL rows), the sums folded from it (the
//!   home screen's totals too: one counting rule), the report built from it
//!   (per line, per organisation, per month, who recorded nothing), the
//!   yearly summary in the federation's phrasing, totals written its way
//!   ("80余场", "1.5万元"), and the reports' request types.
//! - [`photo`] — photos as evidence: [`photo::PhotoRef`] (an entry's photo,
//!   by the SHA-256 of its bytes) and the resumable upload's decisions
//!   (which bytes next, each photo's state, thumbnails and smallest first).
//! - [`setup`] — setting up a subdistrict from a spreadsheet: rows → a plan
//!   (what to create, what exists, each wrong row's error in both languages).
//! - [`device_groups`] — the admin's devices grouped by account, repeated
//!   never-synced sign-ins of one browser gathered; [`user_agent`] — a
//!   device's model from its browser's user agent ("Android · Chrome 120").
//! - [`roster`] — an executive committee on a given day, folded from its
//!   committee-change entries.
//! - [`fixtures`] — deterministic sample entries for tests and demo data;
//!   [`demo_year`] — the demo's 2023, whose totals are the seed article's.
//!
//! A change to what is recorded starts in `entry` and `validate`; a change to
//! how it travels starts in `sync` (its address in `api`); how it is kept on
//! the phone, in `device`; who may see it, in `access` and `scope` (over
//! `org`); how it is counted, in `report`.

pub mod access;
pub mod account;
pub mod api;
pub mod audit;
pub mod catalogue;
pub mod catalogue_default;
pub mod date;
pub mod demo_year;
pub mod device;
pub mod device_groups;
pub mod entry;
pub mod fixtures;
pub mod lang;
pub mod listing;
pub mod money;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod org;
pub mod photo;
pub mod report;
pub mod roster;
pub mod scope;
pub mod setup;
pub mod sync;
pub mod text;
pub mod user_agent;
pub mod validate;

pub use date::LocalDate;
pub use entry::Entry;
pub use lang::Lang;

#[cfg(test)]
pub(crate) mod test_support {
    pub use crate::fixtures::sample_entry;
}
