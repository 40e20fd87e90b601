//! Signing in and being signed in.
//!
//! - [`password`] — argon2id hashes and one-time passwords.
//! - [`token`] — bearer tokens: random, handed out once, stored as SHA-256.
//! - [`rate_limit`] — the sign-in limits, per account and per address.
//! - [`login`] — the sign-in flow: limits, password (replacing a one-time
//!   one), device registration, session; [`own_password`] — an account
//!   changing its own password.
//! - [`extract`] — [`extract::Auth`] (a valid session → `shared::access::Principal`),
//!   [`extract::Admin`], and the client's address.
//! - [`error`] — [`error::AuthError`]: the stable codes the app acts on.
//!
//! What an account may then do is `shared::access`, asked by each handler.

pub mod error;
pub mod extract;
pub mod login;
pub mod own_password;
pub mod password;
pub mod rate_limit;
pub mod token;

pub use error::AuthError;
pub use extract::{Admin, Auth, ClientAddr};

/// How long a session lasts. Long, because signing in needs a network the
/// phone may not have for days; an expired session loses nothing (the entries
/// wait on the phone until the person signs in again).
pub const SESSION_TTL_MS: i64 = 30 * 24 * 3600 * 1000;
