//! Revoking a device (a lost phone) and restoring it. Revoking ends every
//! session on it at once, so its next request gets 401 `device_revoked`;
//! what is still waiting on the phone stays there for when it is restored
//! (the person signs in again).

use crate::db::audit::{self, Actor, AuditEvent};
use crate::db::{devices, sessions, users, Db};
use crate::error::AppError;
use shared::account::DeviceInfo;
use shared::audit::AuditAction;
use uuid::Uuid;

/// Revokes (`revoke`) or restores device `id`, as `actor`.
pub async fn set_device_revoked(
    db: &Db,
    id: Uuid,
    revoke: bool,
    actor: Actor,
    now_ms: i64,
) -> Result<DeviceInfo, AppError> {
    let mut tx = db.pool().begin().await?;
    let found = devices::set_revoked(&mut *tx, id, revoke.then_some(now_ms)).await?;
    if !found {
        return Err(AppError::NotFound);
    }
    let (action, detail) = if revoke {
        let ended = sessions::revoke_for_device(&mut *tx, id, now_ms).await?;
        (
            AuditAction::DeviceRevoke,
            format!("{ended} session(s) ended"),
        )
    } else {
        (
            AuditAction::DeviceRestore,
            "the account may sign in on it again".to_owned(),
        )
    };
    let event = AuditEvent {
        actor,
        action,
        target: id.to_string(),
        detail,
    };
    audit::record(&mut *tx, now_ms, &event).await?;
    tx.commit().await?;
    devices::info(db, id, now_ms)
        .await?
        .ok_or(AppError::NotFound)
}

/// Revokes every device of account `user_id` that never synced (the
/// sign-ins of a browser that kept losing its storage), as `actor`: one
/// transaction, an audit record per device. Their sessions end; nothing
/// they hold is lost on the server (they sent nothing). The ids revoked.
pub async fn revoke_never_synced(
    db: &Db,
    user_id: Uuid,
    actor: Actor,
    now_ms: i64,
) -> Result<Vec<Uuid>, AppError> {
    users::find(db, user_id).await?.ok_or(AppError::NotFound)?;
    let mut tx = db.pool().begin().await?;
    let ids = devices::never_synced(&mut *tx, user_id).await?;
    for id in &ids {
        devices::set_revoked(&mut *tx, *id, Some(now_ms)).await?;
        let ended = sessions::revoke_for_device(&mut *tx, *id, now_ms).await?;
        let event = AuditEvent {
            actor,
            action: AuditAction::DeviceRevoke,
            target: id.to_string(),
            detail: format!(
                "never synced; {} of the account's never-synced devices revoked together; {ended} session(s) ended",
                ids.len()
            ),
        };
        audit::record(&mut *tx, now_ms, &event).await?;
    }
    tx.commit().await?;
    Ok(ids)
}
