//! The sign-in limits. Per account: 5 wrong passwords in a row lock it for 15
//! minutes (and the person is told so, with the minutes left). Per address:
//! after 20 failures within 15 minutes, further attempts wait. Both live in
//! the database, so several server processes enforce one limit.
//!
//! A username without an account is counted like an account (by name, in
//! `login_failures`), so that locking cannot be used to tell which usernames exist.

use super::error::AuthError;
use crate::db::{login_failures, users, Db, DbError};
use uuid::Uuid;

/// Wrong passwords in a row that lock an account.
pub const MAX_ACCOUNT_FAILURES: i64 = 5;
/// How long a lock lasts.
pub const ACCOUNT_LOCK_MS: i64 = 15 * 60 * 1000;
/// The window in which an address's failures are counted.
pub const ADDRESS_WINDOW_MS: i64 = 15 * 60 * 1000;
/// Failures an address may have within the window.
pub const MAX_ADDRESS_FAILURES: i64 = 20;

/// Refuses an address that has used up its failures.
pub async fn check_address(db: &Db, addr: &str, now_ms: i64) -> Result<(), RateError> {
    let (failures, oldest) =
        login_failures::count_since(db, addr, now_ms - ADDRESS_WINDOW_MS).await?;
    if failures >= MAX_ADDRESS_FAILURES {
        let until = oldest.unwrap_or(now_ms) + ADDRESS_WINDOW_MS;
        return Err(AuthError::TooManyAttempts {
            retry_after_secs: secs_until(until, now_ms),
        }
        .into());
    }
    Ok(())
}

/// Refuses a locked account (before its password is even checked, so a right
/// password during the lock does not get in).
pub fn check_account(locked_until_ms: Option<i64>, now_ms: i64) -> Result<(), AuthError> {
    match locked_until_ms {
        Some(until) if until > now_ms => Err(AuthError::AccountLocked {
            retry_after_secs: secs_until(until, now_ms),
        }),
        _ => Ok(()),
    }
}

/// Refuses a username without an account as if it were a locked account,
/// once it has had as many failures.
pub async fn check_unknown(db: &Db, username: &str, now_ms: i64) -> Result<(), RateError> {
    let key = unknown_key(username);
    let (failures, oldest) =
        login_failures::count_since(db, &key, now_ms - ACCOUNT_LOCK_MS).await?;
    if failures >= MAX_ACCOUNT_FAILURES {
        let until = oldest.unwrap_or(now_ms) + ACCOUNT_LOCK_MS;
        return Err(AuthError::AccountLocked {
            retry_after_secs: secs_until(until, now_ms),
        }
        .into());
    }
    Ok(())
}

/// Counts a wrong password for an account and for the address. Answers what
/// to tell the client: locked (this failure was the last allowed) or bad credentials.
pub async fn account_failed(
    db: &Db,
    user: Uuid,
    addr: &str,
    now_ms: i64,
) -> Result<AuthError, DbError> {
    address_failed(db, addr, now_ms).await?;
    let locked =
        users::record_failure(db, user, MAX_ACCOUNT_FAILURES, now_ms + ACCOUNT_LOCK_MS).await?;
    Ok(match locked {
        Some(until) => AuthError::AccountLocked {
            retry_after_secs: secs_until(until, now_ms),
        },
        None => AuthError::BadCredentials,
    })
}

/// The same for a username without an account (`None`: not even a valid username).
pub async fn unknown_failed(
    db: &Db,
    username: Option<&str>,
    addr: &str,
    now_ms: i64,
) -> Result<AuthError, DbError> {
    address_failed(db, addr, now_ms).await?;
    let Some(username) = username else {
        return Ok(AuthError::BadCredentials);
    };
    let key = unknown_key(username);
    login_failures::record(
        db,
        &key,
        now_ms,
        now_ms - ADDRESS_WINDOW_MS.max(ACCOUNT_LOCK_MS),
    )
    .await?;
    let (failures, _) = login_failures::count_since(db, &key, now_ms - ACCOUNT_LOCK_MS).await?;
    Ok(if failures >= MAX_ACCOUNT_FAILURES {
        AuthError::AccountLocked {
            retry_after_secs: secs_until(now_ms + ACCOUNT_LOCK_MS, now_ms),
        }
    } else {
        AuthError::BadCredentials
    })
}

async fn address_failed(db: &Db, addr: &str, now_ms: i64) -> Result<(), DbError> {
    login_failures::record(
        db,
        addr,
        now_ms,
        now_ms - ADDRESS_WINDOW_MS.max(ACCOUNT_LOCK_MS),
    )
    .await
}

/// No IP address starts with `user:`, so the two kinds of key cannot collide.
fn unknown_key(username: &str) -> String {
    format!("user:{username}")
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
    fn locks_and_their_minutes() {
        assert_eq!(check_account(None, 1000), Ok(()));
        assert_eq!(check_account(Some(1000), 1000), Ok(()));
        assert_eq!(
            check_account(Some(1000 + ACCOUNT_LOCK_MS), 1000),
            Err(AuthError::AccountLocked {
                retry_after_secs: 900
            })
        );
        assert_eq!(secs_until(1001, 1000), 1);
        assert_eq!(secs_until(0, 1000), 1);
    }
}
