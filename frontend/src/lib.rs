//! # Jinguo Ledger (巾帼台账): the phone app
//!
//! A Leptos (client-side rendered, wasm) app over the device store of
//! `shared`. Entries are written to the phone first and synced exactly once
//! later; this crate is the thin browser edge around those rules.
//!
//! Where things are:
//! - [`app`] — the root component: the sign-in screen or the account's workspace.
//! - [`session`] — who is signed in (`jg:session`), signing in and out, and what
//!   the server said about the session or the device.
//! - [`ledger`] — each account's `shared::device::DeviceStore` on localStorage
//!   (`jg:u:<username>`), made reactive.
//! - [`storage`] — the `KeyValue` implementation on localStorage.
//! - [`sync`] — when to sync (single flight, push then pull, triggers,
//!   backoff); [`lease`] — one sync at a time across tabs; [`api`] — the
//!   HTTP calls (one request helper, one typed function per endpoint).
//! - [`orgs`] — the organisation tree as the screens list it.
//! - [`catalogue`] — the catalogue of work cached on the phone (`jg:catalogue`);
//!   [`catalogue_view`] and [`figures`] — how entries and numbers read on screen.
//! - [`form`] — from typed text to an `Entry` (parsing, then `shared::validate`);
//!   [`prefs`] — what the form remembers per account (per kind: organisation,
//!   place, level; recent kinds); [`draft`] — a new form's unsaved content per kind.
//! - [`history_filter`] — the history's filters and periods (上月, a month, a range).
//! - [`nav`] — which screen shows, and the message after a screen change.
//! - [`i18n`] — UI words in Chinese and English; [`errors`] — every error as a sentence.
//! - [`install`] — offering installation to the home screen; [`offline_support`] —
//!   whether this browser can keep the app offline (service worker, storage).
//! - [`clock`] — the phone's time and calendar; [`timing`] — durations of the
//!   app's own work, for the benchmark command.
//! - [`components`] — the views: sign-in, header, tabs, home (totals), kind
//!   picker, entry form, history, sync status, export, the server's listing,
//!   and the admin screens (`components::admin`).

pub mod app;
pub mod logic;
pub mod platform;
pub mod screens;
pub mod state;
pub mod text;

pub use app::App;
