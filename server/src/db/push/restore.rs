//! Applying a restoration (`ChangeOp::Restore`, see `shared::sync::recovery`)
//! inside the push transaction: a phone ahead of a server restored from an
//! older backup gives back what the server lost of it. Its own receipt row
//! stands for every number up to `through` (the caller moves the device's
//! counter there); each entry it carries is decided by `decide_restore` and
//! written with a number of its own (a receipt row with a negative
//! `device_seq`, as an import's restorations are, which no push replays):
//! a missing one as a create, an older one as an edit made from no base —
//! both through the very code of a create and an edit, so the account's
//! rights, validation, stamps, conflicts and the audit are theirs. An entry
//! the account may not read is not touched (and not told).

use super::context::Ctx;
use super::edit::Edit;
use super::{create, edit};
use crate::db::audit;
use crate::db::changes::{self, ChangeRecord};
use crate::db::stamped::{self, Sight};
use crate::db::{restorations, to_u64, DbError};
use shared::audit::AuditAction;
use shared::sync::protocol::Outcome;
use shared::sync::server_rules::{decide_restore, RestoreDecision};
use shared::Entry;
use sqlx::AnyConnection;

/// Applies restoration `record` covering up to `through`, with `entries`.
pub(super) async fn apply(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    record: &ChangeRecord,
    through: u64,
    entries: &[Entry],
) -> Result<Outcome, DbError> {
    let change_no = record.restored(conn, through).await?;
    // Phones that pulled from the lost numbers pull again from the start
    // (on SQLite `server restore` noted it already; PostgreSQL's tools do not).
    restorations::note(&mut *conn, ctx.now_ms).await?;
    for entry in entries {
        restore_one(conn, ctx, entry).await?;
    }
    Ok(Outcome::Applied {
        change_no: to_u64(change_no, "change_no")?,
    })
}

/// Writes one entry of the restoration, if the server lacks it or holds an
/// older content.
async fn restore_one(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    entry: &Entry,
) -> Result<(), DbError> {
    let principal = ctx.pusher.principal;
    let held = match stamped::look(conn, entry.id, principal, ctx.pusher.tree).await? {
        Sight::Visible(held) => Some(*held),
        Sight::Missing => None,
        Sight::Hidden => {
            let event = ctx.event(AuditAction::EntryDenied, entry.id, "not readable".into());
            audit::record(&mut *conn, ctx.now_ms, &event).await?;
            return Ok(());
        }
    };
    let decision = decide_restore(
        held.as_ref().map(|h| &h.entry),
        entry,
        ctx.catalogue,
        ctx.today,
    );
    let fields = match decision {
        RestoreDecision::Held => return Ok(()),
        RestoreDecision::Reject(_) => {
            let detail = format!("org {}: not restored (invalid)", entry.org_id);
            let event = ctx.event(AuditAction::EntryImportRefused, entry.id, detail);
            return audit::record(&mut *conn, ctx.now_ms, &event).await;
        }
        RestoreDecision::Insert => None,
        RestoreDecision::Merge(fields) => Some(fields),
    };
    let record = ChangeRecord {
        device: ctx.device,
        seq: changes::lowest_seq(conn, ctx.device).await? - 1,
        entry_id: entry.id,
        received_ms: ctx.now_ms,
    };
    match fields {
        None => create::apply(conn, ctx, &record, entry).await?,
        Some(fields) => {
            let edit = Edit {
                entry,
                fields: &fields,
                base_version: None,
            };
            edit::apply(conn, ctx, &record, edit).await?
        }
    };
    Ok(())
}
