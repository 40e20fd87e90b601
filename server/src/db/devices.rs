//! Devices as accounts see them: registered to one account at sign-in,
//! revocable, with the time of their last successful sync. (The exactly-once
//! counter on the same row belongs to [`super::push`].)

use super::{parse_uuid, Db, DbError};
use shared::account::{DeviceInfo, STALE_DEVICE_MS};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};
use uuid::Uuid;

/// What became of a sign-in's request to register a device to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    /// Registered (new, or already this account's).
    Registered,
    /// The device belongs to another account.
    Taken,
    /// The device was revoked by an admin.
    Revoked,
}

/// Registers `device` to `user`, unless it is another account's or revoked.
/// One conditional upsert, so two sign-ins racing for one device id cannot
/// both win.
pub async fn register(
    db: &Db,
    device: Uuid,
    user: Uuid,
    label: &str,
    now_ms: i64,
) -> Result<Registration, DbError> {
    let done = sqlx::query(
        "INSERT INTO devices (id, last_seq, first_seen_ms, last_seen_ms, user_id, label, \
                              registered_ms) \
         VALUES ($1, 0, $4, $4, $2, $3, $4) \
         ON CONFLICT (id) DO UPDATE SET \
           user_id = excluded.user_id, \
           label = CASE WHEN excluded.label <> '' THEN excluded.label ELSE devices.label END, \
           registered_ms = COALESCE(devices.registered_ms, excluded.registered_ms), \
           last_seen_ms = excluded.last_seen_ms \
         WHERE (devices.user_id IS NULL OR devices.user_id = excluded.user_id) \
           AND devices.revoked_ms IS NULL",
    )
    .bind(device.to_string())
    .bind(user.to_string())
    .bind(label)
    .bind(now_ms)
    .execute(db.pool())
    .await?;
    if done.rows_affected() == 1 {
        return Ok(Registration::Registered);
    }
    // Refused by the WHERE: say why (revoked first: it is the admin's decision).
    let row = sqlx::query("SELECT revoked_ms FROM devices WHERE id = $1")
        .bind(device.to_string())
        .fetch_one(db.pool())
        .await?;
    let revoked: Option<i64> = row.try_get("revoked_ms")?;
    Ok(if revoked.is_some() {
        Registration::Revoked
    } else {
        Registration::Taken
    })
}

/// The account `device` is registered to; `None` when the device is unknown
/// or pushed before accounts existed and was never signed in on.
pub async fn owner(db: &Db, device: Uuid) -> Result<Option<Uuid>, DbError> {
    let user: Option<Option<String>> =
        sqlx::query_scalar("SELECT user_id FROM devices WHERE id = $1")
            .bind(device.to_string())
            .fetch_optional(db.pool())
            .await?;
    user.flatten()
        .map(|u| parse_uuid(&u, "devices.user_id"))
        .transpose()
}

const INFO_SQL: &str = "SELECT d.id, d.user_id, u.username, d.label, \
       COALESCE(d.registered_ms, d.first_seen_ms) AS registered_ms, d.last_sync_ms, d.revoked_ms \
     FROM devices d JOIN users u ON u.id = d.user_id";

/// Every device registered to an account, most recently synced first. Devices
/// that pushed before accounts existed and were never signed in on are not
/// listed (no account to show).
pub async fn list(db: &Db, now_ms: i64) -> Result<Vec<DeviceInfo>, DbError> {
    let sql = format!(
        "{INFO_SQL} ORDER BY COALESCE(d.last_sync_ms, d.registered_ms, d.first_seen_ms) DESC, d.id"
    );
    let rows = sqlx::query(&sql).fetch_all(db.pool()).await?;
    rows.iter().map(|r| info_from_row(r, now_ms)).collect()
}

/// One registered device.
pub async fn info(db: &Db, id: Uuid, now_ms: i64) -> Result<Option<DeviceInfo>, DbError> {
    let sql = format!("{INFO_SQL} WHERE d.id = $1");
    let row = sqlx::query(&sql)
        .bind(id.to_string())
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(|r| info_from_row(r, now_ms)).transpose()
}

/// The devices of `user` that never synced and are not revoked.
pub async fn never_synced<'e>(
    ex: impl Executor<'e, Database = Any>,
    user: Uuid,
) -> Result<Vec<Uuid>, DbError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM devices WHERE user_id = $1 AND last_sync_ms IS NULL \
         AND revoked_ms IS NULL ORDER BY id",
    )
    .bind(user.to_string())
    .fetch_all(ex)
    .await?;
    ids.iter().map(|id| parse_uuid(id, "devices.id")).collect()
}

/// Revokes (`Some(now)`) or restores (`None`) a registered device; false if
/// there is no such registered device. Revoking keeps the first revocation time.
pub async fn set_revoked<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: Uuid,
    revoked_ms: Option<i64>,
) -> Result<bool, DbError> {
    // Two statements rather than `CASE WHEN $2 IS NULL`: PostgreSQL cannot
    // type a parameter that is only ever compared with NULL.
    let sql = match revoked_ms {
        Some(_) => {
            "UPDATE devices SET revoked_ms = COALESCE(revoked_ms, $2) \
             WHERE id = $1 AND user_id IS NOT NULL"
        }
        None => "UPDATE devices SET revoked_ms = NULL WHERE id = $1 AND user_id IS NOT NULL",
    };
    let mut query = sqlx::query(sql).bind(id.to_string());
    if let Some(at) = revoked_ms {
        query = query.bind(at);
    }
    let done = query.execute(ex).await?;
    Ok(done.rows_affected() == 1)
}

/// Builds the admin's view of a device. `stale`: not synced for
/// [`STALE_DEVICE_MS`] (or never, and registered that long ago) and not revoked
/// (a revoked phone is not expected to sync).
fn info_from_row(row: &AnyRow, now_ms: i64) -> Result<DeviceInfo, DbError> {
    let registered_ms: i64 = row.try_get("registered_ms")?;
    let last_sync_ms: Option<i64> = row.try_get("last_sync_ms")?;
    let revoked = row.try_get::<Option<i64>, _>("revoked_ms")?.is_some();
    let user_id: String = row.try_get("user_id")?;
    Ok(DeviceInfo {
        id: parse_uuid(&row.try_get::<String, _>("id")?, "devices.id")?,
        user_id: parse_uuid(&user_id, "devices.user_id")?,
        username: row.try_get("username")?,
        label: row.try_get("label")?,
        registered_ms,
        last_sync_ms,
        revoked,
        stale: !revoked && now_ms - last_sync_ms.unwrap_or(registered_ms) > STALE_DEVICE_MS,
    })
}
