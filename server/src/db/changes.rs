//! The stored receipts (`changes`): one row per change a device pushed and the
//! server took, applied or rejected, so a retried push is answered word for
//! word. Rows with a negative `device_seq` are entries restored from a device's
//! export file (see [`super::restore`]) or written by a device's
//! restoration (`push::restore`); no push ever replays them. A restoration's
//! own row stands for the numbers up to its `restored_through`.

use super::{to_i64, to_u64, DbError};
use shared::sync::protocol::{Outcome, Receipt, RejectReason};
use sqlx::{AnyConnection, Row};
use uuid::Uuid;

const APPLIED: &str = "applied";
const REJECTED: &str = "rejected";

/// The identifying part of a `changes` row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ChangeRecord {
    pub device: Uuid,
    /// The device's change number (negative: a restoration).
    pub seq: i64,
    pub entry_id: Uuid,
    pub received_ms: i64,
}

impl ChangeRecord {
    /// The record of change `seq` of `device` about `entry_id`.
    pub fn numbered(
        device: Uuid,
        seq: u64,
        entry_id: Uuid,
        received_ms: i64,
    ) -> Result<Self, DbError> {
        Ok(Self {
            device,
            seq: to_i64(seq, "seq")?,
            entry_id,
            received_ms,
        })
    }

    /// Stores an applied receipt; returns the server-assigned `change_no`.
    /// `held_change_no`: applied because the very same entry was already held,
    /// whose number the receipt names.
    pub async fn applied(
        &self,
        conn: &mut AnyConnection,
        held_change_no: Option<i64>,
    ) -> Result<i64, DbError> {
        self.insert(conn, APPLIED, held_change_no, None, None).await
    }

    /// Stores the receipt of a restoration standing for every number of
    /// the device from this one's up to `through`; returns its `change_no`.
    pub async fn restored(&self, conn: &mut AnyConnection, through: u64) -> Result<i64, DbError> {
        let through = to_i64(through, "restored_through")?;
        self.insert(conn, APPLIED, None, None, Some(through)).await
    }

    /// Stores a rejection's receipt with its reason, to be replayed word for word.
    pub async fn rejected(
        &self,
        conn: &mut AnyConnection,
        reason: &RejectReason,
    ) -> Result<(), DbError> {
        self.insert(conn, REJECTED, None, Some(reason_json(reason)?), None)
            .await?;
        Ok(())
    }

    async fn insert(
        &self,
        conn: &mut AnyConnection,
        status: &str,
        held_change_no: Option<i64>,
        reason: Option<String>,
        restored_through: Option<i64>,
    ) -> Result<i64, DbError> {
        // The column is named only when set: every other row is written as
        // before it existed (tests write through this code into older schemas).
        let sql = match restored_through {
            None => {
                "INSERT INTO changes \
                 (device_id, device_seq, entry_id, status, held_change_no, reason, received_ms) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING change_no"
            }
            Some(_) => {
                "INSERT INTO changes \
                 (device_id, device_seq, entry_id, status, held_change_no, reason, received_ms, \
                  restored_through) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING change_no"
            }
        };
        let mut query = sqlx::query_scalar(sql)
            .bind(self.device.to_string())
            .bind(self.seq)
            .bind(self.entry_id.to_string())
            .bind(status)
            .bind(held_change_no)
            .bind(reason)
            .bind(self.received_ms);
        if let Some(through) = restored_through {
            query = query.bind(through);
        }
        let change_no: i64 = query.fetch_one(conn).await?;
        Ok(change_no)
    }
}

/// Turns the receipt of change `change_no`, stored as applied because its
/// decision needed its number (an edit's merge stamps the fields it writes
/// with it), into a rejection with `reason`. Inside the same transaction, so
/// nobody ever sees it applied.
pub(crate) async fn reject_numbered(
    conn: &mut AnyConnection,
    change_no: i64,
    reason: &RejectReason,
) -> Result<(), DbError> {
    let done = sqlx::query(
        "UPDATE changes SET status = $2, reason = $3 WHERE change_no = $1 AND status = $4",
    )
    .bind(change_no)
    .bind(REJECTED)
    .bind(reason_json(reason)?)
    .bind(APPLIED)
    .execute(conn)
    .await?;
    if done.rows_affected() != 1 {
        return Err(DbError::Corrupt(format!(
            "change {change_no} to reject is not an applied receipt"
        )));
    }
    Ok(())
}

/// A reason as stored in `changes.reason`.
fn reason_json(reason: &RejectReason) -> Result<String, DbError> {
    serde_json::to_string(reason)
        .map_err(|e| DbError::Corrupt(format!("reason not serialisable: {e}")))
}

/// The lowest `device_seq` stored for `device` (0 if none is negative): the
/// next restoration takes one less.
pub(crate) async fn lowest_seq(conn: &mut AnyConnection, device: Uuid) -> Result<i64, DbError> {
    let lowest: Option<i64> =
        sqlx::query_scalar("SELECT MIN(device_seq) FROM changes WHERE device_id = $1")
            .bind(device.to_string())
            .fetch_one(conn)
            .await?;
    Ok(lowest.unwrap_or(0).min(0))
}

/// The receipt of the restoration that stood for change `seq` of `device`
/// (every number it covered is answered with it).
async fn restoration_covering(
    conn: &mut AnyConnection,
    device: Uuid,
    seq: u64,
) -> Result<Receipt, DbError> {
    let seq_i64 = to_i64(seq, "seq")?;
    let change_no: i64 = sqlx::query_scalar(
        "SELECT change_no FROM changes WHERE device_id = $1 AND device_seq > 0 \
         AND device_seq < $2 AND restored_through >= $2 ORDER BY device_seq DESC LIMIT 1",
    )
    .bind(device.to_string())
    .bind(seq_i64)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| DbError::Corrupt(format!("device {device} seq {seq} counted but not stored")))?;
    Ok(Receipt {
        seq,
        outcome: Outcome::Applied {
            change_no: to_u64(change_no, "change_no")?,
        },
    })
}

/// The receipt stored when change `seq` of `device` was taken, rebuilt exactly.
pub(crate) async fn stored_receipt(
    conn: &mut AnyConnection,
    device: Uuid,
    seq: u64,
) -> Result<Receipt, DbError> {
    let row = sqlx::query(
        "SELECT change_no, status, held_change_no, reason FROM changes \
         WHERE device_id = $1 AND device_seq = $2",
    )
    .bind(device.to_string())
    .bind(to_i64(seq, "seq")?)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return restoration_covering(conn, device, seq).await;
    };

    let status: String = row.try_get("status")?;
    let outcome = match status.as_str() {
        APPLIED => {
            let own: i64 = row.try_get("change_no")?;
            let held: Option<i64> = row.try_get("held_change_no")?;
            Outcome::Applied {
                change_no: to_u64(held.unwrap_or(own), "change_no")?,
            }
        }
        REJECTED => {
            let json: Option<String> = row.try_get("reason")?;
            let json = json.ok_or_else(|| DbError::Corrupt("rejected without a reason".into()))?;
            let reason: RejectReason = serde_json::from_str(&json)
                .map_err(|e| DbError::Corrupt(format!("changes.reason: {e}")))?;
            Outcome::Rejected { reason }
        }
        other => return Err(DbError::Corrupt(format!("changes.status {other:?}"))),
    };
    Ok(Receipt { seq, outcome })
}
