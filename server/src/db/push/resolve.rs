//! Applying a settlement of a conflict (`ChangeOp::Resolve`) inside the push
//! transaction: a person looked at a conflict and settled it (a value they
//! chose travelled before it, as an ordinary edit). The conflict is marked
//! settled by this change; the entry is not touched.
//!
//! Rights as for an edit: the account must be allowed to read the entry as
//! stored (else it is answered as an unknown one, `NoSuchConflict`) and to
//! write its organisation (else `NotPermitted`). A key the server does not
//! hold, or that names another entry, is `NoSuchConflict`. Settling a settled
//! conflict is applied and changes nothing (the first settlement stands).

use super::context::{deny, Ctx};
use crate::db::audit;
use crate::db::changes::ChangeRecord;
use crate::db::stamped::{self, Sight};
use crate::db::{conflicts, to_u64, DbError};
use shared::audit::AuditAction;
use shared::sync::protocol::{ConflictKey, Outcome, RejectReason};
use sqlx::AnyConnection;
use uuid::Uuid;

/// Settles the conflict `key` of entry `entry_id`.
pub(super) async fn apply(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    record: &ChangeRecord,
    entry_id: Uuid,
    key: &ConflictKey,
) -> Result<Outcome, DbError> {
    let (principal, tree) = (ctx.pusher.principal, ctx.pusher.tree);
    // An entry the account may not read is, to it, not there (as in an edit).
    let entry = match stamped::look(conn, entry_id, principal, tree).await? {
        Sight::Visible(held) => held.entry,
        Sight::Missing => return no_such_conflict(conn, record).await,
        Sight::Hidden => {
            let event = ctx.event(AuditAction::EntryDenied, entry_id, "not readable".into());
            audit::record(&mut *conn, ctx.now_ms, &event).await?;
            return no_such_conflict(conn, record).await;
        }
    };
    if let Err(denied) = principal.check_write(tree, &entry.org_id) {
        return deny(conn, ctx, record, entry.org_id, denied).await;
    }
    let stored = conflicts::find(conn, key).await?;
    if stored.is_none_or(|s| s.entry_id != entry_id) {
        return no_such_conflict(conn, record).await;
    }
    let change_no = to_u64(record.applied(conn, None).await?, "change_no")?;
    let settled_now = conflicts::resolve(conn, key, change_no).await?;
    let earlier = match stored.and_then(|s| s.resolved_by) {
        Some(by) if !settled_now => format!(", already settled by change {by}"),
        _ => String::new(),
    };
    let detail = format!(
        "field {}; conflict of change {}{earlier}; org {}, change {change_no}",
        key.field.id(),
        key.change_no,
        entry.org_id
    );
    let event = ctx.event(AuditAction::ConflictResolve, entry_id, detail);
    audit::record(&mut *conn, ctx.now_ms, &event).await?;
    Ok(Outcome::Applied { change_no })
}

async fn no_such_conflict(
    conn: &mut AnyConnection,
    record: &ChangeRecord,
) -> Result<Outcome, DbError> {
    let reason = RejectReason::NoSuchConflict;
    record.rejected(conn, &reason).await?;
    Ok(Outcome::Rejected { reason })
}
