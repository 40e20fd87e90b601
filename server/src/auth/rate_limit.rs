//! The sign-in limits.
//!
//! **Per name.** Five wrong passwords for one username, each within 15
//! minutes of the one before, lock that name for 15 minutes (and the person
//! is told so, with the minutes left); a right password during the lock does
//! not get in. Counted by the name typed, whether an account has it or not
//! (`db::sign_in_locks`), so an unknown name and a real account are locked
//! and answered exactly alike: the lock tells nobody which usernames exist.
//! Each attempt is counted *before* its password is checked, atomically in
//! the database, and the count is dropped when the password is right: so
//! guesses sent side by side are limited exactly as guesses sent one after
//! the other (once the fifth is counted, the sixth waits for no hash; it is
//! told the name is locked).
//!
//! **Per address.** Many people may share one address (a carrier's NAT, the
//! TLS proxy in front of the server), so an address is never refused a right
//! password. After [`ADDRESS_FREE_FAILURES`] failures within 15 minutes, each
//! attempt from it waits before its password is checked, a second longer per
//! further failure (at most [`MAX_ADDRESS_DELAY_SECS`]); and while it waits,
//! another attempt from the same address is answered 429 at once instead of
//! waiting beside it (one server process's bookkeeping: [`AddressGate`]), so
//! that sending guesses in parallel does not escape the slowing down. A
//! person behind a busy NAT signs in, a few seconds later than usual.
//!
//! Both counts live in the database, so several server processes see one count.

use super::error::AuthError;
use crate::db::sign_in_locks::{self, Counted};
use crate::db::{login_failures, Db, DbError};
use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// Wrong passwords for one name that lock it.
pub const MAX_NAME_FAILURES: i64 = 5;
/// How long a lock lasts; also how far apart failures may be to count as a run.
pub const LOCK_MS: i64 = 15 * 60 * 1000;
/// The window in which an address's failures are counted.
pub const ADDRESS_WINDOW_MS: i64 = 15 * 60 * 1000;
/// Failures an address may have within the window before it is slowed down.
pub const ADDRESS_FREE_FAILURES: i64 = 20;
/// The longest an attempt from a slowed address waits.
pub const MAX_ADDRESS_DELAY_SECS: u64 = 10;

/// How long an attempt from an address with `failures` in the window waits
/// before its password is checked.
pub fn address_delay(failures: i64) -> Duration {
    let over = failures - ADDRESS_FREE_FAILURES;
    if over < 0 {
        return Duration::ZERO;
    }
    let secs =
        u64::try_from(over + 1).map_or(MAX_ADDRESS_DELAY_SECS, |s| s.min(MAX_ADDRESS_DELAY_SECS));
    Duration::from_secs(secs)
}

/// The addresses with an attempt waiting in this process.
#[derive(Debug, Default)]
pub struct AddressGate {
    waiting: Mutex<HashSet<String>>,
}

/// An address's turn to wait; the address is free again when it is dropped.
#[derive(Debug)]
pub struct Turn<'a> {
    gate: &'a AddressGate,
    addr: String,
}

impl AddressGate {
    /// The address's turn, unless an attempt of it is already waiting.
    fn enter(&self, addr: &str) -> Option<Turn<'_>> {
        let mut waiting = self.waiting.lock().unwrap_or_else(PoisonError::into_inner);
        waiting.insert(addr.to_owned()).then(|| Turn {
            gate: self,
            addr: addr.to_owned(),
        })
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut waiting = self
            .gate
            .waiting
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        waiting.remove(&self.addr);
    }
}

/// Slows an address with too many recent failures down: waits its delay
/// (holding its turn, so a parallel attempt is refused meanwhile). Never
/// refuses an attempt that comes alone.
pub async fn slow_down(
    db: &Db,
    gate: &AddressGate,
    addr: &str,
    now_ms: i64,
) -> Result<(), RateError> {
    let (failures, _) = login_failures::count_since(db, addr, now_ms - ADDRESS_WINDOW_MS).await?;
    let delay = address_delay(failures);
    if delay.is_zero() {
        return Ok(());
    }
    let Some(turn) = gate.enter(addr) else {
        return Err(AuthError::TooManyAttempts {
            retry_after_secs: delay.as_secs().max(1),
        }
        .into());
    };
    tokio::time::sleep(delay).await;
    drop(turn);
    Ok(())
}

/// An attempt for a name, counted before its password is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    /// Set when this attempt was the last allowed: the name is locked until
    /// then (ms since the Unix epoch) unless its password is right.
    locks_until_ms: Option<i64>,
}

/// Counts an attempt to sign in as `username`, before its password is
/// checked; refuses a locked name (so a right password during the lock does
/// not get in, and parallel guesses beyond the limit are not checked).
pub async fn count_attempt(db: &Db, username: &str, now_ms: i64) -> Result<Attempt, RateError> {
    let counted =
        sign_in_locks::count_attempt(db, username, now_ms, MAX_NAME_FAILURES, LOCK_MS, LOCK_MS)
            .await?;
    match counted {
        Counted::Locked { until_ms } => Err(AuthError::AccountLocked {
            retry_after_secs: secs_until(until_ms, now_ms),
        }
        .into()),
        Counted::LastAllowed { until_ms } => Ok(Attempt {
            locks_until_ms: Some(until_ms),
        }),
        Counted::Attempt => Ok(Attempt {
            locks_until_ms: None,
        }),
    }
}

/// A failed sign-in from `addr`: counts it for the address, and answers what
/// to tell the client: locked (the name's `attempt` was the last allowed) or
/// bad credentials — the same for every name. `attempt` is `None` for what
/// is not even a valid username (only the address counts).
pub async fn failed(
    db: &Db,
    attempt: Option<Attempt>,
    addr: &str,
    now_ms: i64,
) -> Result<AuthError, DbError> {
    login_failures::record(db, addr, now_ms, now_ms - ADDRESS_WINDOW_MS).await?;
    Ok(attempt.map_or(AuthError::BadCredentials, |a| a.refusal(now_ms)))
}

impl Attempt {
    /// What a wrong password on this attempt is answered: locked, if it was
    /// the last allowed, else bad credentials.
    pub fn refusal(self, now_ms: i64) -> AuthError {
        match self.locks_until_ms {
            Some(until_ms) => AuthError::AccountLocked {
                retry_after_secs: secs_until(until_ms, now_ms),
            },
            None => AuthError::BadCredentials,
        }
    }
}

/// A right password: the name's count starts again (its own attempt and a
/// lock it set included).
pub async fn succeeded(db: &Db, username: &str) -> Result<(), DbError> {
    sign_in_locks::clear(db, username).await
}

/// Whole seconds from `now_ms` to `until_ms`, at least 1.
fn secs_until(until_ms: i64, now_ms: i64) -> u64 {
    u64::try_from((until_ms - now_ms).max(1)).map_or(1, |ms| ms.div_ceil(1000))
}

/// A refusal, or the database failing while deciding.
#[derive(Debug, thiserror::Error)]
pub enum RateError {
    #[error(transparent)]
    Refused(#[from] AuthError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<RateError> for crate::error::AppError {
    fn from(e: RateError) -> Self {
        match e {
            RateError::Refused(a) => a.into(),
            RateError::Db(d) => d.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_slowed_a_second_more_per_failure_up_to_ten() {
        assert_eq!(address_delay(0), Duration::ZERO);
        assert_eq!(address_delay(19), Duration::ZERO);
        assert_eq!(address_delay(20), Duration::from_secs(1));
        assert_eq!(address_delay(21), Duration::from_secs(2));
        assert_eq!(address_delay(29), Duration::from_secs(10));
        assert_eq!(address_delay(10_000), Duration::from_secs(10));
    }

    #[test]
    fn one_attempt_per_address_waits() {
        let gate = AddressGate::default();
        let first = gate.enter("198.51.100.7");
        assert!(first.is_some());
        assert!(gate.enter("198.51.100.7").is_none());
        assert!(gate.enter("198.51.100.8").is_some());
        drop(first);
        assert!(gate.enter("198.51.100.7").is_some());
    }

    #[test]
    fn seconds_left() {
        assert_eq!(secs_until(1001, 1000), 1);
        assert_eq!(secs_until(0, 1000), 1);
        assert_eq!(secs_until(1000 + LOCK_MS, 1000), 900);
    }
}
