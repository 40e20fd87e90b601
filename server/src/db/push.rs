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
//! proceed. The decisions themselves are `shared::sync::server_rules` (under
//! the catalogue in force, read once per push), and whether the account may
//! record for an entry's organisation is `shared::access` (a refusal is a
//! rejection like any other: the number advances and the queue behind it
//! moves on). Creates are here; edits (merged field by field, conflicts
//! kept) are [`super::edit`], settlements of conflicts [`super::resolve`].

use super::audit::{self, Actor, AuditEvent};
use super::changes::{self, ChangeRecord};
use super::edit::{self, Edit};
use super::entries::{self, Written};
use super::held::Sight;
use super::{catalogue, held, resolve, to_i64, to_u64, Db, DbError};
use shared::access::{Denied, Principal};
use shared::catalogue::Catalogue;
use shared::date::CHINA_UTC_OFFSET_MINUTES;
use shared::org::OrgTree;
use shared::sync::protocol::{
    Change, ChangeOp, Outcome, PushRequest, PushResponse, Receipt, RejectReason,
};
use shared::sync::server_rules::{decide_create, step_for, CreateDecision, Step};
use shared::{Entry, LocalDate};
use sqlx::AnyConnection;
use uuid::Uuid;

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
    Ok(apply_counted(db, pusher, req, now_ms).await?.0)
}

/// [`apply`], also telling the device's last applied number before the batch:
/// receipts numbered up to it are replays.
pub(crate) async fn apply_counted(
    db: &Db,
    pusher: Pusher<'_>,
    req: &PushRequest,
    now_ms: i64,
) -> Result<(PushResponse, u64), DbError> {
    let catalogue = catalogue::current(db).await?;
    let device = req.device_id;
    let ctx = Ctx {
        pusher,
        catalogue: &catalogue,
        device,
        now_ms,
        today: LocalDate::from_unix_ms(now_ms, CHINA_UTC_OFFSET_MINUTES),
    };
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
            Step::Replay => {
                receipts.push(changes::stored_receipt(&mut tx, device, change.seq).await?)
            }
            Step::Apply => {
                let outcome = apply_one(&mut tx, &ctx, change).await?;
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
    let response = PushResponse {
        receipts,
        last_applied: last,
        expected_seq,
    };
    Ok((response, before))
}

/// What every change of one push is judged with.
pub(super) struct Ctx<'a> {
    pub pusher: Pusher<'a>,
    pub catalogue: &'a Catalogue,
    pub device: Uuid,
    pub now_ms: i64,
    pub today: LocalDate,
}

impl Ctx<'_> {
    /// An audit record of this pusher on this device about `entry`.
    pub fn event(&self, action: &'static str, entry: Uuid, detail: String) -> AuditEvent<'static> {
        AuditEvent {
            actor: Actor {
                user_id: Some(self.pusher.principal.user_id),
                device_id: Some(self.device),
            },
            action,
            target: entry.to_string(),
            detail,
        }
    }

    /// Where an entry's content now comes from: change `change_no` of this device.
    pub fn written(&self, entry: &Entry, change_no: i64) -> Written {
        Written {
            device_id: self.device,
            change_no,
            received_ms: self.now_ms,
            sensitive: self.catalogue.is_sensitive(&entry.kind),
        }
    }
}

/// Applies the next change of the device and stores its receipt (and, for
/// what it changed or was refused, an audit record).
async fn apply_one(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    change: &Change,
) -> Result<Outcome, DbError> {
    let record = ChangeRecord::numbered(ctx.device, change.seq, change.op.entry_id(), ctx.now_ms)?;
    match &change.op {
        ChangeOp::Create { entry } => create(conn, ctx, &record, entry).await,
        ChangeOp::Update {
            entry,
            fields,
            base_version,
        } => {
            let edit = Edit {
                entry,
                fields,
                base_version: *base_version,
            };
            edit::apply(conn, ctx, &record, edit).await
        }
        ChangeOp::Resolve { entry_id, conflict } => {
            resolve::apply(conn, ctx, &record, *entry_id, conflict).await
        }
    }
}

async fn create(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    record: &ChangeRecord,
    entry: &Entry,
) -> Result<Outcome, DbError> {
    // Rights first: a refused change tells nothing about what is stored.
    let Pusher { principal, tree } = ctx.pusher;
    let sensitive = ctx.catalogue.is_sensitive(&entry.kind);
    if let Err(denied) = principal.check_write_record(tree, &entry.org_id, sensitive) {
        return deny(conn, ctx, record, entry.org_id, denied).await;
    }
    // The id of an entry the account may not read is taken, and that is all
    // it learns: never "already held" (which would confirm its content).
    let held = match held::look(conn, entry.id, principal, tree).await? {
        Sight::Visible(held) => Some(*held),
        Sight::Missing => None,
        Sight::Hidden => {
            // Invalid is told as for any id; otherwise the id is taken.
            let reason = match decide_create(None, entry, ctx.catalogue, ctx.today) {
                CreateDecision::Reject(reason) => reason,
                CreateDecision::Insert | CreateDecision::AlreadyHeld => RejectReason::IdTaken,
            };
            record.rejected(conn, &reason).await?;
            return Ok(Outcome::Rejected { reason });
        }
    };
    match decide_create(
        held.as_ref().map(|h| &h.entry),
        entry,
        ctx.catalogue,
        ctx.today,
    ) {
        CreateDecision::Insert => {
            let change_no = record.applied(conn, None).await?;
            let by = ctx.pusher.principal.user_id;
            entries::insert(conn, entry, ctx.written(entry, change_no), by).await?;
            let detail = format!("org {}, change {change_no}", entry.org_id);
            audit::record(
                &mut *conn,
                ctx.now_ms,
                &ctx.event("entry.create", entry.id, detail),
            )
            .await?;
            Ok(Outcome::Applied {
                change_no: to_u64(change_no, "change_no")?,
            })
        }
        CreateDecision::AlreadyHeld => {
            // `decide_create` only says AlreadyHeld when an entry is held.
            let held_no = held
                .map(|h| h.version)
                .ok_or_else(|| DbError::Corrupt("AlreadyHeld without a held entry".into()))?;
            let held_i64 = to_i64(held_no, "change_no")?;
            record.applied(conn, Some(held_i64)).await?;
            Ok(Outcome::Applied { change_no: held_no })
        }
        CreateDecision::Reject(reason) => {
            record.rejected(conn, &reason).await?;
            Ok(Outcome::Rejected { reason })
        }
    }
}

/// Refuses a change the account may not make for `org`, audited.
pub(super) async fn deny(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    record: &ChangeRecord,
    org: Uuid,
    denied: Denied,
) -> Result<Outcome, DbError> {
    let reason = RejectReason::NotPermitted { denied };
    record.rejected(conn, &reason).await?;
    let detail = format!("org {org}: {denied}");
    audit::record(
        &mut *conn,
        ctx.now_ms,
        &ctx.event("entry.denied", record.entry_id, detail),
    )
    .await?;
    Ok(Outcome::Rejected { reason })
}
