//! # Jinguo Ledger (巾帼台账): the phone app
//!
//! A Leptos (client-side rendered, wasm) app over the device store of
//! `shared`. Entries are written to the phone first and synced exactly once
//! later; this crate is the thin browser edge around those rules.
//!
//! Where things are:
//! - [`app`] — the root component: opens the ledger, provides context.
//! - [`ledger`] — `shared::device::DeviceStore` on localStorage, made reactive.
//! - [`storage`] — the `KeyValue` implementation on localStorage.
//! - [`sync`] — when to sync (single flight, triggers, backoff); [`api`] — the HTTP call.
//! - [`form`] — from typed text to an `Entry` (parsing, then `shared::validate`).
//! - [`i18n`] — UI words in Chinese and English; [`errors`] — every error as a sentence.
//! - [`clock`] — the phone's time and calendar.
//! - [`components`] — the views: header, sync status, entry form, entry list.

pub mod api;
pub mod app;
pub mod clock;
pub mod components;
pub mod errors;
pub mod form;
pub mod i18n;
pub mod ledger;
pub mod storage;
pub mod sync;

pub use app::App;
