//! Revoking a device (a lost phone) and restoring it. Revoking ends every
//! session on it at once, so its next request gets 401 `device_revoked`;
//! what is still waiting on the phone stays there for when it is restored
//! (the person signs in again).

use crate::db::audit::{self, Actor, AuditEvent};
use crate::db::{devices, sessions, Db};
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
