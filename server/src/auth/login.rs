//! Signing in: the limits, the password, the device, the session — in that
//! order, so that nothing about an account (locked, disabled, its devices) is
//! told to someone who has not given its password, except the lock itself.

use super::error::AuthError;
use super::rate_limit::{self, AddressGate};
use super::{password, token, SESSION_TTL_MS};
use crate::db::audit::{self, Actor, AuditEvent};
use crate::db::devices::{self, Registration};
use crate::db::{orgs, sessions, users, Db};
use crate::error::AppError;
use shared::account::{check_new_password, normalise_username, LoginRequest, LoginResponse, Me};
use shared::audit::AuditAction;

/// Longest device label kept, in characters.
pub const MAX_DEVICE_LABEL_CHARS: usize = 60;

/// Signs `req` in from address `addr` at `now_ms`: a session token, or why
/// not. `gate` holds the addresses with an attempt being slowed down;
/// `phone_window_years` is the deployment's setting the phone is told.
/// With `new_password`, the account's password is replaced first (its
/// owner's from now on); without, a password an admin made is refused with
/// `password_change_required` (no session), once the password is right.
#[allow(clippy::too_many_arguments)] // one sign-in, all of it
pub async fn sign_in(
    db: &Db,
    gate: &AddressGate,
    req: LoginRequest,
    new_password: Option<String>,
    addr: &str,
    now_ms: i64,
    phone_window_years: u8,
) -> Result<LoginResponse, AppError> {
    rate_limit::slow_down(db, gate, addr, now_ms).await?;
    let username = normalise_username(&req.username).ok();
    // Counted before the password is checked: see `rate_limit`.
    let attempt = match &username {
        Some(name) => Some(rate_limit::count_attempt(db, name, now_ms).await?),
        None => None,
    };
    let user = match &username {
        Some(name) => users::find_by_username(db, name).await?,
        None => None,
    };
    let failed = |target: &str, detail: String| AuditEvent {
        actor: Actor {
            user_id: None,
            device_id: Some(req.device_id),
        },
        action: AuditAction::SignInFailed,
        target: target.to_owned(),
        detail,
    };

    // An unknown name costs the same hashing as a real one, and is counted
    // and locked the same way: nothing in the answer tells them apart.
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    let right = password::verify_async(req.password.clone(), hash).await?;
    let (Some(user), Some(name), true) = (user, &username, right) else {
        let refusal = rate_limit::failed(db, attempt, addr, now_ms).await?;
        // A string that is not a username might be a password typed in the wrong box.
        let target = username.as_deref().unwrap_or("(not a username)");
        let event = failed(target, format!("bad credentials, from {addr}"));
        audit::record(db.pool(), now_ms, &event).await?;
        return Err(refusal.into());
    };
    rate_limit::succeeded(db, name).await?;
    if user.info.disabled {
        let event = failed(&user.info.username, "account disabled".into());
        audit::record(db.pool(), now_ms, &event).await?;
        return Err(AuthError::AccountDisabled.into());
    }

    match new_password {
        Some(new) => {
            check_new_password(&req.password, &new)?;
            let hash = password::hash_async(new).await?;
            users::set_password(db.pool(), user.info.id, &hash, users::MadeBy::Owner).await?;
            let event = AuditEvent {
                actor: Actor {
                    user_id: Some(user.info.id),
                    device_id: Some(req.device_id),
                },
                action: AuditAction::UserChangePassword,
                target: user.info.id.to_string(),
                detail: "at sign-in".into(),
            };
            audit::record(db.pool(), now_ms, &event).await?;
        }
        None if user.must_change_password => {
            return Err(AuthError::PasswordChangeRequired.into());
        }
        None => {}
    }

    let label = clean_label(&req.device_label);
    match devices::register(db, req.device_id, user.info.id, &label, now_ms).await? {
        Registration::Registered => {}
        Registration::Taken => {
            let event = failed(
                &user.info.username,
                "device registered to another account".into(),
            );
            audit::record(db.pool(), now_ms, &event).await?;
            return Err(AuthError::DeviceTaken.into());
        }
        Registration::Revoked => {
            let event = failed(&user.info.username, "device revoked".into());
            audit::record(db.pool(), now_ms, &event).await?;
            return Err(AuthError::DeviceRevokedAtLogin.into());
        }
    }

    let new = token::new_token().map_err(|e| AppError::Internal(e.to_string()))?;
    let expires_ms = now_ms + SESSION_TTL_MS;
    sessions::insert(
        db,
        &new.hash,
        user.info.id,
        req.device_id,
        now_ms,
        expires_ms,
    )
    .await?;
    let event = AuditEvent {
        actor: Actor {
            user_id: Some(user.info.id),
            device_id: Some(req.device_id),
        },
        action: AuditAction::SignIn,
        target: user.info.id.to_string(),
        detail: format!("from {addr}"),
    };
    audit::record(db.pool(), now_ms, &event).await?;

    let tree = orgs::tree(db).await?;
    let principal = user.info.principal();
    Ok(LoginResponse {
        token: new.token,
        expires_ms,
        me: Me {
            orgs: shared::scope::readable_orgs(&principal, &tree),
            user: user.info,
            device_id: req.device_id,
            phone_window_years,
        },
    })
}

/// The device's label as stored: trimmed, no control or bidirectional
/// characters, bounded length.
fn clean_label(raw: &str) -> String {
    shared::text::trim(raw)
        .chars()
        .filter(|&c| !shared::text::refused_in_line(c))
        .take(MAX_DEVICE_LABEL_CHARS)
        .collect()
}
