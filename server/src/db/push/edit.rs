//! Applying an edit (a delete or its undo included) inside the push
//! transaction: rights, then the shared merge (`decide_update`), then the
//! merged entry, its field stamps and its conflicts are stored.
//!
//! The merge stamps every field it writes with the change's server number,
//! so the number is taken first: the receipt row is stored as applied, and
//! turned into a rejection (with its reason) if the decision refuses the
//! edit. Either way the change has exactly one number, as every change has.
//!
//! An edit needs the right to read the entry as the server holds it (an
//! entry the account may not read is answered exactly as an unknown id: its
//! existence is not told), to write the organisation it is in and, when it
//! moves the entry, the one it moves to; and the entry it leaves must still
//! be readable by the account (no declassifying, no hiding by a change of
//! kind or organisation).

use super::context::{deny, Ctx, Pusher};
use crate::db::audit;
use crate::db::changes::{self, ChangeRecord};
use crate::db::stamped::{self, Sight};
use crate::db::{conflicts, to_u64, DbError};
use shared::audit::AuditAction;
use shared::entry::EntryField;
use shared::sync::merge::{Conflict, FieldStamp, Merged};
use shared::sync::protocol::{Outcome, RejectReason};
use shared::sync::server_rules::{decide_update, UpdateDecision};
use shared::Entry;
use sqlx::AnyConnection;

/// An edit as it came: `fields` of `entry`, made from server version `base_version`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Edit<'a> {
    pub entry: &'a Entry,
    pub fields: &'a [EntryField],
    pub base_version: Option<u64>,
}

/// Applies the edit: the fields it names are merged in (the others keep the
/// server's values), conflicts are kept, all audited without content.
pub(super) async fn apply(
    conn: &mut AnyConnection,
    ctx: &Ctx<'_>,
    record: &ChangeRecord,
    edit: Edit<'_>,
) -> Result<Outcome, DbError> {
    let Pusher { principal, tree } = ctx.pusher;
    let Edit {
        entry,
        fields,
        base_version,
    } = edit;
    // Moving it: to an organisation the account may write, before anything is read.
    if fields.contains(&EntryField::Org) {
        if let Err(denied) = principal.check_write(tree, &entry.org_id) {
            return deny(conn, ctx, record, entry.org_id, denied).await;
        }
    }
    // What it may not read is, to this account, not there: the answer below
    // is the very one an unknown id gets (the attempt is audited).
    let before = match stamped::look(conn, entry.id, principal, tree).await? {
        Sight::Visible(held) => Some(*held),
        Sight::Missing => None,
        Sight::Hidden => {
            let event = ctx.event(AuditAction::EntryDenied, entry.id, "not readable".into());
            audit::record(&mut *conn, ctx.now_ms, &event).await?;
            None
        }
    };
    // Where it is now: refused alike whatever it holds (sensitive or not).
    if let Some(before) = &before {
        if let Err(denied) = principal.check_write(tree, &before.entry.org_id) {
            return deny(conn, ctx, record, before.entry.org_id, denied).await;
        }
    }
    let change_no = record.applied(conn, None).await?;
    let stamp = FieldStamp {
        change_no: to_u64(change_no, "change_no")?,
        device_id: ctx.device,
    };
    let decision = decide_update(
        before.as_ref(),
        entry,
        fields,
        base_version,
        stamp,
        ctx.rules,
        ctx.today,
    );
    let merged = match decision {
        UpdateDecision::Apply(merged) => *merged,
        UpdateDecision::Reject(reason) => {
            changes::reject_numbered(conn, change_no, &reason).await?;
            return Ok(Outcome::Rejected { reason });
        }
    };
    // Where it ends up: the account must still be allowed to read it (a
    // change of kind may make it sensitive, a move may put it in a group).
    let after = &merged.held.entry;
    let sensitive = ctx.catalogue.is_sensitive(&after.kind);
    if let Err(denied) = principal.check_write_record(tree, &after.org_id, sensitive) {
        let reason = RejectReason::NotPermitted { denied };
        changes::reject_numbered(conn, change_no, &reason).await?;
        let detail = format!("org {}: {denied} (as {})", after.org_id, after.kind);
        audit::record(
            &mut *conn,
            ctx.now_ms,
            &ctx.event(AuditAction::EntryDenied, after.id, detail),
        )
        .await?;
        return Ok(Outcome::Rejected { reason });
    }
    let Merged {
        held: after,
        conflicts,
    } = merged;
    let written = ctx.written(&after.entry, change_no);
    stamped::store(conn, &after, written).await?;
    let (action, detail) =
        describe_edit(before.as_ref().map(|h| &h.entry), &after.entry, change_no);
    let event = ctx.event(action, after.entry.id, detail);
    audit::record(&mut *conn, ctx.now_ms, &event).await?;
    for conflict in &conflicts {
        let org = after.entry.org_id;
        if conflicts::insert(conn, conflict, org, written.sensitive, stamp.change_no).await? {
            let event = ctx.event(
                AuditAction::EntryConflict,
                after.entry.id,
                describe_conflict(conflict),
            );
            audit::record(&mut *conn, ctx.now_ms, &event).await?;
        }
    }
    Ok(Outcome::Applied {
        change_no: stamp.change_no,
    })
}

/// The audit action of an applied edit (`entry.delete` and `entry.restore`
/// when the tombstone changed) and its detail: which fields changed and the
/// organisation, never the content.
fn describe_edit(held: Option<&Entry>, merged: &Entry, change_no: i64) -> (AuditAction, String) {
    let Some(held) = held else {
        return (AuditAction::EntryUpdate, format!("change {change_no}"));
    };
    let action = match (held.deleted, merged.deleted) {
        (false, true) => AuditAction::EntryDelete,
        (true, false) => AuditAction::EntryRestore,
        _ => AuditAction::EntryUpdate,
    };
    let changed: Vec<&str> = held
        .changed_fields(merged)
        .into_iter()
        .map(EntryField::id)
        .collect();
    let fields = if changed.is_empty() {
        "none".to_owned()
    } else {
        changed.join(", ")
    };
    let org = if held.org_id == merged.org_id {
        format!("org {}", merged.org_id)
    } else {
        format!("org {} → {}", held.org_id, merged.org_id)
    };
    (
        action,
        format!("fields {fields}; {org}, change {change_no}"),
    )
}

/// An `entry.conflict` audit detail: the field and the two changes, never a value.
fn describe_conflict(conflict: &Conflict) -> String {
    format!(
        "field {}; change {} kept over change {}",
        conflict.field.id(),
        conflict.kept_by.change_no,
        conflict.lost_by.change_no
    )
}
