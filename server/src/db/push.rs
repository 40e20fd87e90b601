//! Applying a device's batch: the heart of exactly-once.
//!
//! Everything happens in one transaction: the device's counter (`last_seq`),
//! the stored receipts (`changes`) and the entries move together or not at all,
//! so a crash at any point leaves either the whole batch or none of it.
//!
//! Concurrency: the transaction's first statement *writes* the device's row.
//! On SQLite that takes the write lock before anything is read, so a second
//! push waits (busy timeout) instead of reading a stale counter and failing
//! later on the read-to-write upgrade; on PostgreSQL it takes the row lock, so
//! two pushes from one device run one after the other while other devices
//! proceed. The decisions themselves are `shared::sync::server_rules`, and
//! whether the account may record for an entry's organisation is
//! `shared::access` (a refusal is a rejection like any other: the number
//! advances and the queue behind it moves on).

use super::audit::{self, Actor, AuditEvent};
use super::{entries, to_i64, to_u64, Db, DbError};
use shared::access::Principal;
use shared::date::CHINA_UTC_OFFSET_MINUTES;
use shared::org::OrgTree;
use shared::sync::protocol::{
    Change, ChangeOp, Outcome, PushRequest, PushResponse, Receipt, RejectReason,
};
use shared::sync::server_rules::{decide_create, step_for, CreateDecision, Step};
use shared::LocalDate;
use sqlx::{AnyConnection, Row};
use uuid::Uuid;

const APPLIED: &str = "applied";
const REJECTED: &str = "rejected";

/// Who is pushing, and the tree their rights are judged on.
#[derive(Debug, Clone, Copy)]
pub struct Pusher<'a> {
    pub principal: &'a Principal,
    pub tree: &'a OrgTree,
}

/// Applies `req` (whose shape `check_batch` has accepted, from a device the
/// caller has checked belongs to the pusher) at server time `now_ms`, and
/// answers with one receipt per change taken. A retry of the same batch stores
/// nothing new and gets an identical answer.
pub async fn apply(
    db: &Db,
    pusher: Pusher<'_>,
    req: &PushRequest,
    now_ms: i64,
) -> Result<PushResponse, DbError> {
    let device = req.device_id;
    let today = LocalDate::from_unix_ms(now_ms, CHINA_UTC_OFFSET_MINUTES);
    let mut tx = db.pool().begin().await?;

    // Lock first, with a write (see the module comment), then read the counter.
    sqlx::query(
        "INSERT INTO devices (id, last_seq, first_seen_ms, last_seen_ms) \
         VALUES ($1, 0, $2, $2) ON CONFLICT (id) DO NOTHING",
    )
    .bind(device.to_string())
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    // `last_sync_ms` commits with the batch: it means "a push succeeded then".
    let stored_last: i64 = sqlx::query_scalar(
        "UPDATE devices SET last_seen_ms = $2, last_sync_ms = $2 WHERE id = $1 RETURNING last_seq",
    )
    .bind(device.to_string())
    .bind(now_ms)
    .fetch_one(&mut *tx)
    .await?;
    let before = to_u64(stored_last, "devices.last_seq")?;

    let mut last = before;
    let mut receipts = Vec::with_capacity(req.changes.len());
    let mut expected_seq = None;
    for change in &req.changes {
        match step_for(last, change.seq) {
            Step::Replay => receipts.push(stored_receipt(&mut tx, device, change.seq).await?),
            Step::Apply => {
                let outcome = apply_one(&mut tx, pusher, device, change, now_ms, today).await?;
                receipts.push(Receipt {
                    seq: change.seq,
                    outcome,
                });
                last = change.seq;
            }
            Step::Gap { expected } => {
                // Nothing after a gap can be taken: the device resends from `expected`.
                expected_seq = Some(expected);
                break;
            }
        }
    }

    if last != before {
        sqlx::query("UPDATE devices SET last_seq = $2 WHERE id = $1")
            .bind(device.to_string())
            .bind(to_i64(last, "last_seq")?)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(PushResponse {
        receipts,
        last_applied: last,
        expected_seq,
    })
}

/// Applies the next change of `device` and stores its receipt (and, for what
/// it changed or was refused, an audit record).
async fn apply_one(
    conn: &mut AnyConnection,
    pusher: Pusher<'_>,
    device: Uuid,
    change: &Change,
    now_ms: i64,
    today: LocalDate,
) -> Result<Outcome, DbError> {
    match &change.op {
        ChangeOp::Create { entry } => {
            let record = ChangeRecord {
                device,
                seq: change.seq,
                entry_id: entry.id,
                received_ms: now_ms,
            };
            let audit = |action, detail: String| AuditEvent {
                actor: Actor {
                    user_id: Some(pusher.principal.user_id),
                    device_id: Some(device),
                },
                action,
                target: entry.id.to_string(),
                detail,
            };
            // Rights first: a refused change tells nothing about what is stored.
            if let Err(denied) = pusher.principal.check_write(pusher.tree, &entry.org_id) {
                let reason = RejectReason::NotPermitted { denied };
                reject(conn, &record, &reason).await?;
                let detail = format!("org {}: {denied}", entry.org_id);
                audit::record(&mut *conn, now_ms, &audit("entry.denied", detail)).await?;
                return Ok(Outcome::Rejected { reason });
            }
            let held = entries::find(conn, entry.id).await?;
            match decide_create(held.as_ref().map(|h| &h.entry), entry, today) {
                CreateDecision::Insert => {
                    let change_no = record.insert(conn, APPLIED, None, None).await?;
                    entries::insert(conn, entry, device, change_no, now_ms).await?;
                    let detail = format!("org {}, change {change_no}", entry.org_id);
                    audit::record(&mut *conn, now_ms, &audit("entry.create", detail)).await?;
                    Ok(Outcome::Applied {
                        change_no: to_u64(change_no, "change_no")?,
                    })
                }
                CreateDecision::AlreadyHeld => {
                    // `decide_create` only says AlreadyHeld when an entry is held.
                    let held_no = held.map(|h| h.change_no).ok_or_else(|| {
                        DbError::Corrupt("AlreadyHeld without a held entry".into())
                    })?;
                    let held_i64 = to_i64(held_no, "change_no")?;
                    record.insert(conn, APPLIED, Some(held_i64), None).await?;
                    Ok(Outcome::Applied { change_no: held_no })
                }
                CreateDecision::Reject(reason) => {
                    reject(conn, &record, &reason).await?;
                    Ok(Outcome::Rejected { reason })
                }
            }
        }
    }
}

/// Stores a rejection's receipt with its reason, to be replayed word for word.
async fn reject(
    conn: &mut AnyConnection,
    record: &ChangeRecord,
    reason: &RejectReason,
) -> Result<(), DbError> {
    let json = serde_json::to_string(reason)
        .map_err(|e| DbError::Corrupt(format!("reason not serialisable: {e}")))?;
    record.insert(conn, REJECTED, None, Some(json)).await?;
    Ok(())
}

/// The identifying part of a `changes` row.
struct ChangeRecord {
    device: Uuid,
    seq: u64,
    entry_id: Uuid,
    received_ms: i64,
}

impl ChangeRecord {
    /// Stores the receipt; returns the server-assigned `change_no`.
    async fn insert(
        &self,
        conn: &mut AnyConnection,
        status: &str,
        held_change_no: Option<i64>,
        reason: Option<String>,
    ) -> Result<i64, DbError> {
        let change_no: i64 = sqlx::query_scalar(
            "INSERT INTO changes \
             (device_id, device_seq, entry_id, status, held_change_no, reason, received_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING change_no",
        )
        .bind(self.device.to_string())
        .bind(to_i64(self.seq, "seq")?)
        .bind(self.entry_id.to_string())
        .bind(status)
        .bind(held_change_no)
        .bind(reason)
        .bind(self.received_ms)
        .fetch_one(conn)
        .await?;
        Ok(change_no)
    }
}

/// The receipt stored when change `seq` of `device` was taken, rebuilt exactly.
async fn stored_receipt(
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
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| DbError::Corrupt(format!("device {device} seq {seq} counted but not stored")))?;

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
