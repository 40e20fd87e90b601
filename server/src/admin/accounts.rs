//! Creating accounts and resetting their passwords. Without a chosen password
//! the server makes a one-time password, returned once (to the admin, to hand
//! over) and stored only as its hash.

use crate::auth::password;
use crate::db::audit::{self, Actor, AuditEvent};
use crate::db::{orgs, sessions, sign_in_locks, users, Db};
use crate::error::AppError;
use shared::account::{
    check_display_name, check_password, normalise_username, CreateUser, CreatedUser, UserInfo,
};
use shared::audit::AuditAction;
use shared::org::TreeError;
use uuid::Uuid;

/// Creates the account `req` describes, as `actor`.
pub async fn create_account(
    db: &Db,
    req: CreateUser,
    actor: Actor,
    now_ms: i64,
) -> Result<CreatedUser, AppError> {
    let username = normalise_username(&req.username)?;
    check_display_name(&req.display_name)?;
    if let Some(p) = &req.password {
        check_password(p)?;
    }
    let tree = orgs::tree(db).await?;
    let org = tree
        .get(&req.org_id)
        .ok_or(TreeError::NotFound { id: req.org_id })?;
    if org.retired {
        return Err(TreeError::Retired { id: org.id }.into());
    }
    let (password, one_time_password) = chosen_or_one_time(req.password)?;
    let hash = password::hash_async(password).await?;
    let user = UserInfo {
        id: Uuid::now_v7(),
        username,
        display_name: shared::text::trim(&req.display_name).to_owned(),
        role: req.role,
        org_id: req.org_id,
        disabled: false,
    };

    let mut tx = db.pool().begin().await?;
    insert_account(
        &mut tx,
        &user,
        &hash,
        one_time_password.is_some(),
        actor,
        "",
        now_ms,
    )
    .await?;
    tx.commit().await?;
    Ok(CreatedUser {
        user,
        one_time_password,
    })
}

/// Gives account `id` a new password (`new_password`, or a one-time one) and
/// ends all its sessions: whoever knew the old one is signed out everywhere.
/// Also lifts a lock.
pub async fn reset_password(
    db: &Db,
    id: Uuid,
    new_password: Option<String>,
    actor: Actor,
    now_ms: i64,
) -> Result<CreatedUser, AppError> {
    let user = users::find(db, id).await?.ok_or(AppError::NotFound)?;
    if let Some(p) = &new_password {
        check_password(p)?;
    }
    let (password, one_time_password) = chosen_or_one_time(new_password)?;
    let hash = password::hash_async(password).await?;

    let mut tx = db.pool().begin().await?;
    let made_by = match one_time_password {
        Some(_) => users::MadeBy::Admin,
        None => users::MadeBy::Owner,
    };
    if !users::set_password(&mut *tx, id, &hash, made_by).await? {
        return Err(AppError::NotFound);
    }
    sign_in_locks::lift(&mut *tx, id).await?;
    let ended = sessions::revoke_for_user(&mut *tx, id, now_ms).await?;
    let event = AuditEvent {
        actor,
        action: AuditAction::UserResetPassword,
        target: id.to_string(),
        detail: format!("{}; {ended} session(s) ended", user.info.username),
    };
    audit::record(&mut *tx, now_ms, &event).await?;
    tx.commit().await?;
    Ok(CreatedUser {
        user: user.info,
        one_time_password,
    })
}

/// The password to set, and the one-time password to show (only if made here).
fn chosen_or_one_time(chosen: Option<String>) -> Result<(String, Option<String>), AppError> {
    match chosen {
        Some(p) => Ok((p, None)),
        None => {
            let p = password::try_one_time_password()?;
            Ok((p.clone(), Some(p)))
        }
    }
}

/// Stores a new account in `tx` with its audit record (`note` after the
/// usual detail). A one-time password must be replaced at the first sign-in;
/// one the admin chose (e.g. typed on the command line for a colleague) need
/// not. A taken username is [`AppError::UsernameTaken`].
pub(super) async fn insert_account(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user: &UserInfo,
    hash: &str,
    one_time: bool,
    actor: Actor,
    note: &str,
    now_ms: i64,
) -> Result<(), AppError> {
    users::insert(&mut **tx, user, hash, now_ms)
        .await
        .map_err(|e| {
            if e.is_unique_violation() {
                AppError::UsernameTaken
            } else {
                e.into()
            }
        })?;
    if one_time {
        users::require_password_change(&mut **tx, user.id).await?;
    }
    let role = crate::db::enum_text(&user.role)?;
    let event = AuditEvent {
        actor,
        action: AuditAction::UserCreate,
        target: user.id.to_string(),
        detail: format!("{} ({role}) at {}{note}", user.username, user.org_id),
    };
    audit::record(&mut **tx, now_ms, &event).await?;
    Ok(())
}
