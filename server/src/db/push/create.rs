//! Applying a create inside the push transaction: rights first (the
//! account may write the organisation and read what it writes), then what is
//! held under the id as the account may see it, then the shared decision
//! (`decide_create`): stored, already held, or refused.

use super::context::{deny, Ctx, Pusher};
use crate::db::audit;
use crate::db::changes::ChangeRecord;
use crate::db::entries;
use crate::db::stamped::{self, Sight};
use crate::db::{to_i64, to_u64, DbError};
use shared::audit::AuditAction;
use shared::sync::protocol::{Outcome, RejectReason};
use shared::sync::server_rules::{decide_create, CreateDecision};
use shared::Entry;
use sqlx::AnyConnection;

/// Stores `entry` as change `record`, or refuses it.
pub(super) async fn apply(
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
    let held = match stamped::look(conn, entry.id, principal, tree).await? {
        Sight::Visible(held) => Some(*held),
        Sight::Missing => None,
        Sight::Hidden => {
            // Invalid is told as for any id; otherwise the id is taken.
            let reason = match decide_create(None, entry, ctx.rules, ctx.today) {
                CreateDecision::Reject(reason) => reason,
                CreateDecision::Insert | CreateDecision::AlreadyHeld => RejectReason::IdTaken,
            };
            record.rejected(conn, &reason).await?;
            return Ok(Outcome::Rejected { reason });
        }
    };
    match decide_create(held.as_ref().map(|h| &h.entry), entry, ctx.rules, ctx.today) {
        CreateDecision::Insert => {
            let change_no = record.applied(conn, None).await?;
            let by = ctx.pusher.principal.user_id;
            entries::insert(conn, entry, ctx.written(entry, change_no), by).await?;
            let detail = format!("org {}, change {change_no}", entry.org_id);
            audit::record(
                &mut *conn,
                ctx.now_ms,
                &ctx.event(AuditAction::EntryCreate, entry.id, detail),
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
