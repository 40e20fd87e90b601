//! Restoring entries from a device's export file that the server does not
//! hold (it lost them, or never had them although the device was told it
//! did). Not a numbered change of the device: each restored entry gets a
//! receipt row with a negative `device_seq` (-1, -2, … per device), which no
//! push replays, and goes through the same rules as a create (rights, then
//! `decide_create`). Idempotent by entry id: an entry held is never touched.

use super::audit::{self, Actor, AuditEvent};
use super::changes::{self, ChangeRecord};
use super::entries::{self, Written};
use super::push::Pusher;
use super::{stamped, Db, DbError};
use shared::audit::AuditAction;
use shared::catalogue::Catalogue;
use shared::date::CHINA_UTC_OFFSET_MINUTES;
use shared::sync::protocol::RejectReason;
use shared::sync::server_rules::{decide_create, CreateDecision};
use shared::{Entry, LocalDate};
use uuid::Uuid;

/// What a restoration did, entry by entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Restored {
    /// Created now.
    pub restored: u64,
    /// Already on the server (whatever its content): nothing to do.
    pub already_held: u64,
    /// Not held, and refused: invalid under today's rules, or not the
    /// account's to record.
    pub refused: u64,
}

/// Restores those of `candidates` (entries of `device`'s export) that the
/// server does not hold, as `pusher`, in one transaction. Each restored entry
/// is credited to the pushing account and to `device` as its last writer.
pub async fn restore(
    db: &Db,
    pusher: Pusher<'_>,
    catalogue: &Catalogue,
    device: Uuid,
    candidates: &[&Entry],
    now_ms: i64,
) -> Result<Restored, DbError> {
    let today = LocalDate::from_unix_ms(now_ms, CHINA_UTC_OFFSET_MINUTES);
    let mut tx = db.begin_write().await?;
    // Lock first, with a write, as a push does (the device row exists: the
    // import registered it).
    sqlx::query("UPDATE devices SET last_seen_ms = $2 WHERE id = $1")
        .bind(device.to_string())
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    let mut next_seq = changes::lowest_seq(&mut tx, device).await? - 1;
    let mut counts = Restored::default();
    let user_id = pusher.principal.user_id;
    let event = |action, entry: &Entry, detail| AuditEvent {
        actor: Actor {
            user_id: Some(user_id),
            device_id: Some(device),
        },
        action,
        target: entry.id.to_string(),
        detail,
    };
    for entry in candidates {
        if stamped::find(&mut tx, entry.id).await?.is_some() {
            counts.already_held += 1;
            continue;
        }
        let sensitive = catalogue.is_sensitive(&entry.kind);
        let refusal =
            match pusher
                .principal
                .check_write_record(pusher.tree, &entry.org_id, sensitive)
            {
                Err(denied) => Some(format!("org {}: {denied}", entry.org_id)),
                Ok(()) => match decide_create(None, entry, catalogue, today) {
                    CreateDecision::Insert => None,
                    CreateDecision::Reject(RejectReason::Invalid { errors }) => {
                        let fields: Vec<&str> = errors.iter().map(|e| e.field().id()).collect();
                        Some(format!(
                            "org {}: invalid ({})",
                            entry.org_id,
                            fields.join(", ")
                        ))
                    }
                    other => Some(format!("org {}: {other:?}", entry.org_id)),
                },
            };
        if let Some(detail) = refusal {
            counts.refused += 1;
            let refused = event(AuditAction::EntryImportRefused, entry, detail);
            audit::record(&mut *tx, now_ms, &refused).await?;
            continue;
        }
        let record = ChangeRecord {
            device,
            seq: next_seq,
            entry_id: entry.id,
            received_ms: now_ms,
        };
        next_seq -= 1;
        let change_no = record.applied(&mut tx, None).await?;
        let written = Written {
            device_id: device,
            change_no,
            received_ms: now_ms,
            sensitive: catalogue.is_sensitive(&entry.kind),
        };
        entries::insert(&mut tx, entry, written, user_id).await?;
        let detail = format!("org {}, change {change_no}, from an export", entry.org_id);
        audit::record(
            &mut *tx,
            now_ms,
            &event(AuditAction::EntryImport, entry, detail),
        )
        .await?;
        counts.restored += 1;
    }
    tx.commit().await?;
    Ok(counts)
}
