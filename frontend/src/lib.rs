//! # Jinguo Ledger (巾帼台账): the phone app
//!
//! A Leptos (client-side rendered, wasm) app over the device store of
//! `shared`. Entries are written to the phone first and synced exactly once
//! later; this crate is the thin browser edge around those rules.
//!
//! Where things are. The folders are layers: each imports only the ones
//! below it, so a change to a screen cannot reach into the browser's edges
//! except through them, and everything under `screens` is thin.
//! - [`app`] — the root component: the language, the session, and the
//!   sign-in screen or the account's workspace.
//! - [`screens`] — grouped as the person moves: `frame` (sign-in, the title
//!   bar, the refused-session banner, the workspace that picks the screen),
//!   `home` (totals, conflicts, committees, sync status, storage warnings,
//!   export), `record` (kind picker, the entry form), `history` (this phone's
//!   entries by month; the server's 全部记录), `reports` (the dashboard and its
//!   exports), `admin` (organisations, accounts, devices, audit log), and
//!   `parts` (an entry in a list, a row of totals, the organisation select,
//!   the flash message, the offline notice, a call to the server).
//! - [`state`] — the reactive owners: `session` (who is signed in,
//!   `jg:session`), `ledger` (each account's `shared::device::DeviceStore` on
//!   localStorage, `jg:u:<username>`, made reactive), `sync` (when to sync:
//!   single flight, push then pull, triggers, backoff), `catalogue` (cached
//!   under `jg:catalogue`), `prefs` (what the form remembers per account and
//!   kind), `draft` (a new form's unsaved content), `nav` (which screen shows),
//!   `report_cache` (the last reports opened, for reading offline),
//!   `photos` (the account's photos in IndexedDB, made reactive) and
//!   `photo_upload` (sending them after each sync run, resumable).
//! - [`text`] — what the screens say: `i18n` (UI words in Chinese and English),
//!   `errors` (every error as a sentence, by where it happens), `figures` (numbers), `entry_words`
//!   (how the catalogue's words describe an entry), `moments` ("今天 14:05"),
//!   `window_words` (what totals say when the phone holds less than asked).
//! - [`logic`] — plain functions over plain values, tested natively: `form`
//!   (typed text to an `Entry`, then `shared::validate`), `history_filter`,
//!   `dashboard` (the report's periods and chart geometry), `org_list` (the
//!   organisation tree as the screens list it), `saving` (the entry form's
//!   save: make, store, say what came of it), `sign_in` (what can go wrong,
//!   the device's label), `sync_outcome` (what a sync run's result means),
//!   `storage_warnings` (when to warn), `admin_problem` (why an admin action
//!   was not done), `mirror` (what the phone keeps of the server's entries
//!   per role, and where a report comes from).
//! - [`platform`] — the browser's edges: `storage` (the `KeyValue` on
//!   localStorage, and each account's key namespace), `api` (one request
//!   helper, one typed function per endpoint), `lease` (one sync at a time
//!   across tabs), `clock`, `download`, `install`, `offline_support`,
//!   `timing` (durations for the benchmark), `task` (spawning futures),
//!   `idb` (IndexedDB as the photo store's backend), `picture` (compressing
//!   a photo with the browser's decoders and canvas), `photo_api` (its calls).

pub mod app;
pub mod logic;
pub mod platform;
pub mod screens;
pub mod state;
pub mod text;

pub use app::App;
