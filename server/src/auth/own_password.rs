//! An account changes its own password while signed in: the current one
//! first (counted against the name and locked exactly like a sign-in, so a
//! stolen session cannot guess it faster than a login could; the address
//! is not slowed down: the session already names the one account it can
//! guess for), then the new one replaces it and every other session of the
//! account ends — whoever knew the old password is signed out everywhere,
//! this phone stays signed in.

use super::error::AuthError;
use super::extract::Auth;
use super::password;
use super::rate_limit;
use crate::db::audit::{self, Actor, AuditEvent};
use crate::db::{sessions, users, Db};
use crate::error::AppError;
use shared::account::{check_new_password, ChangePassword};
use shared::audit::AuditAction;

/// Changes the password of `auth`'s account as `req` asks, from address
/// `addr` at `now_ms`; returns how many other sessions ended.
pub async fn change_own(
    db: &Db,
    auth: &Auth,
    req: ChangePassword,
    addr: &str,
    now_ms: i64,
) -> Result<u64, AppError> {
    let user = users::find(db, auth.principal.user_id)
        .await?
        .ok_or(AuthError::Unauthenticated)?;
    let name = &user.info.username;
    let attempt = rate_limit::count_attempt(db, name, now_ms).await?;
    let phc = Some(user.password_hash.clone());
    if !password::verify_async(req.current_password.clone(), phc).await? {
        let refusal = attempt.refusal(now_ms);
        let event = AuditEvent {
            actor: Actor {
                user_id: Some(user.info.id),
                device_id: Some(auth.device_id),
            },
            action: AuditAction::SignInFailed,
            target: name.clone(),
            detail: format!("wrong current password when changing it, from {addr}"),
        };
        audit::record(db.pool(), now_ms, &event).await?;
        // Not 401: the session is fine, only the password typed is wrong.
        return Err(match refusal {
            AuthError::BadCredentials => AuthError::WrongPassword,
            locked => locked,
        }
        .into());
    }
    rate_limit::succeeded(db, name).await?;
    check_new_password(&req.current_password, &req.new_password)?;
    let hash = password::hash_async(req.new_password).await?;

    let mut tx = db.pool().begin().await?;
    users::set_password(&mut *tx, user.info.id, &hash, users::MadeBy::Owner).await?;
    let ended = sessions::revoke_others(&mut *tx, user.info.id, &auth.token_hash, now_ms).await?;
    let event = AuditEvent {
        actor: Actor {
            user_id: Some(user.info.id),
            device_id: Some(auth.device_id),
        },
        action: AuditAction::UserChangePassword,
        target: user.info.id.to_string(),
        detail: format!("{ended} other session(s) ended"),
    };
    audit::record(&mut *tx, now_ms, &event).await?;
    tx.commit().await?;
    Ok(ended)
}
