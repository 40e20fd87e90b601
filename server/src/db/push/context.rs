//! What every change of one push is judged with: who pushes (and the tree
//! their rights are judged on), the catalogue in force, the device, the
//! server's time; and the one way a change is refused for want of rights.

use crate::db::audit::{self, Actor, AuditEvent};
use crate::db::changes::ChangeRecord;
use crate::db::entries::Written;
use crate::db::DbError;
use shared::access::{Denied, Principal};
use shared::audit::AuditAction;
use shared::catalogue::Catalogue;
use shared::org::OrgTree;
use shared::sync::protocol::{Outcome, RejectReason};
use shared::{Entry, LocalDate};
use sqlx::AnyConnection;
use uuid::Uuid;

/// Who is pushing, and the tree their rights are judged on.
#[derive(Debug, Clone, Copy)]
pub struct Pusher<'a> {
    pub principal: &'a Principal,
    pub tree: &'a OrgTree,
}

/// What every change of one push is judged with.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'a> {
    pub pusher: Pusher<'a>,
    /// The catalogue in force: who may read a kind (sensitive or not) is
    /// always decided by the newest word.
    pub catalogue: &'a Catalogue,
    /// The catalogue the change is validated under: the version the phone
    /// recorded it with when stored, else the one in force.
    pub rules: &'a Catalogue,
    pub device: Uuid,
    pub now_ms: i64,
    pub today: LocalDate,
}

impl Ctx<'_> {
    /// An audit record of this pusher on this device about `entry`.
    pub fn event(&self, action: AuditAction, entry: Uuid, detail: String) -> AuditEvent {
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

/// Refuses a change the account may not make for `org`, audited.
pub(crate) async fn deny(
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
        &ctx.event(AuditAction::EntryDenied, record.entry_id, detail),
    )
    .await?;
    Ok(Outcome::Rejected { reason })
}
