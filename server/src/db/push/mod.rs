//! Applying a device's batch: the heart of exactly-once.
//!
//! Everything happens in one transaction: the device's counter (`last_seq`),
//! the stored receipts (`changes`) and the entries move together or not at all,
//! so a crash at any point leaves either the whole batch or none of it.
//!
//! Concurrency: the transaction begins with [`Db::begin_write`] and its first
//! statement *writes* the device's row. On SQLite that takes the write lock
//! before anything is read, so a second push waits (busy timeout) instead of
//! reading a stale counter and failing later on the read-to-write upgrade; on
//! PostgreSQL `begin_write` takes the change counter's row lock, so pushes run
//! one after the other there too, whichever server process they reach, and
//! take their numbers in commit order. The decisions themselves are
//! `shared::sync::server_rules` (under the catalogue version each change
//! names, so an older phone's entry is never refused for a rule it could not
//! know; the version in force when it names none or one not stored), and whether the account may record for an entry's organisation is
//! `shared::access` (a refusal is a rejection like any other: the number
//! advances and the queue behind it moves on). Each kind of change has its
//! file: [`create`], [`edit`] (merged field by field, conflicts kept),
//! [`resolve`] (a conflict settled), [`restore`] (a phone ahead of a
//! server restored from a backup gives back what it lost, and its counter
//! moves past the numbers the restoration stands for); what they are judged
//! with is [`context`].

mod context;
mod create;
mod edit;
mod resolve;
mod restore;

pub use context::Pusher;

use super::changes::{self, ChangeRecord};
use super::{catalogue, to_i64, to_u64, Db, DbError};
use context::Ctx;
use edit::Edit;
use shared::catalogue::Catalogue;
use shared::date::CHINA_UTC_OFFSET_MINUTES;
use shared::sync::protocol::{Change, ChangeOp, Outcome, PushRequest, PushResponse, Receipt};
use shared::sync::server_rules::{covers_through, step_for, Step};
use shared::LocalDate;
use sqlx::AnyConnection;
use std::collections::{BTreeMap, BTreeSet};

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
    let older = older_catalogues(db, req, catalogue.version).await?;
    let device = req.device_id;
    let ctx = Ctx {
        pusher,
        catalogue: &catalogue,
        rules: &catalogue,
        device,
        now_ms,
        today: LocalDate::from_unix_ms(now_ms, CHINA_UTC_OFFSET_MINUTES),
    };
    let mut tx = db.begin_write().await?;

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
                let rules = change
                    .catalogue_version
                    .and_then(|v| older.get(&v))
                    .unwrap_or(&catalogue);
                let ctx = Ctx { rules, ..ctx };
                let outcome = apply_one(&mut tx, &ctx, change).await?;
                receipts.push(Receipt {
                    seq: change.seq,
                    outcome,
                });
                last = covers_through(change);
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

/// The older catalogue versions the batch's changes name, read before the
/// transaction (a batch names one or two: the phone's copy before and after
/// a sync). A version not stored, or not older than the one in force, is
/// judged under the one in force.
async fn older_catalogues(
    db: &Db,
    req: &PushRequest,
    in_force: u32,
) -> Result<BTreeMap<u32, Catalogue>, DbError> {
    let named: BTreeSet<u32> = req
        .changes
        .iter()
        .filter_map(|c| c.catalogue_version)
        .filter(|&v| v < in_force)
        .collect();
    let mut found = BTreeMap::new();
    for v in named {
        if let Some(c) = catalogue::version(db, v).await? {
            found.insert(v, c);
        }
    }
    Ok(found)
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
        ChangeOp::Create { entry } => create::apply(conn, ctx, &record, entry).await,
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
        ChangeOp::Restore { through, entries } => {
            restore::apply(conn, ctx, &record, *through, entries).await
        }
    }
}
