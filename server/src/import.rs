//! Importing a device's export file, exactly once. Used by the command line
//! (`server import`) and the admin API (`POST /api/v1/import`) alike.
//!
//! 1. The file's device must be registered to the account the data is
//!    imported as, or be unknown (it is then registered to it, as signing in
//!    would); a device of another account is refused.
//! 2. A server behind the file (restored from a backup older than the
//!    device's last receipt, which newer files say) is re-based first, as
//!    the phone's own next sync would (`shared::sync::recovery`): the
//!    entries the device's lost changes last wrote come back at the file's
//!    content and the device's counter moves to the file's last receipt —
//!    whichever comes first, the file or the phone, the other finds the
//!    counter moved and does nothing twice.
//! 3. Its pending changes go through [`db::push`] in batches, numbered as the
//!    device numbered them: a change the server already took (an earlier sync
//!    or import) is answered from its stored receipt and stored nothing again.
//! 4. Entries the device believed synced (it has a server version) that the
//!    server does not hold are created from the file ([`db::restore`]), under
//!    the same rules as a create; an entry held is never touched.
//!
//! Everything is done with the rights of that account, never the importer's.

use crate::db::audit::{self, Actor, AuditEvent};
use crate::db::devices::{self, Registration};
use crate::db::push::{self, Pusher};
use crate::db::{catalogue, orgs, restore, Db, DbError};
use axum::http::StatusCode;
use shared::account::UserInfo;
use shared::audit::AuditAction;
use shared::device::{DeviceExport, ExportError, ImportSummary};
use shared::sync::protocol::{Outcome, PushRequest, MAX_BATCH};
use shared::sync::recovery::restore_change;
use shared::sync::server_rules::{check_batch, BatchError};
use shared::Lang;

/// The label a device registered by an import gets (shown to admins).
pub const IMPORTED_DEVICE_LABEL: &str = "导入 (import)";

/// Why an import did nothing, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    File(#[from] ExportError),
    #[error("there is no account {0:?}")]
    NoSuchUser(String),
    #[error("the file's device is registered to another account")]
    DeviceTaken,
    #[error("the file's device is revoked")]
    DeviceRevoked,
    #[error("the file's pending changes are not numbered one after another: {0}")]
    Numbering(#[from] BatchError),
    /// The server has not seen the changes before the file's first one.
    #[error(
        "the server expects change {expected} of this device next, but the file's \
         pending changes start at {first}"
    )]
    Gap { expected: u64, first: u64 },
    #[error(transparent)]
    Db(#[from] DbError),
}

impl ImportError {
    /// The HTTP status it is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            ImportError::File(_) | ImportError::Numbering(_) | ImportError::NoSuchUser(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ImportError::DeviceTaken | ImportError::DeviceRevoked | ImportError::Gap { .. } => {
                StatusCode::CONFLICT
            }
            ImportError::Db(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::File(_) | ImportError::Numbering(_) => "invalid_export",
            ImportError::NoSuchUser(_) => "unknown_user",
            ImportError::DeviceTaken => "device_taken",
            ImportError::DeviceRevoked => "device_revoked",
            ImportError::Gap { .. } => "import_gap",
            ImportError::Db(_) => "internal",
        }
    }

    /// A sentence for the admin (the English is also the `Display`).
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => shared::text::capitalise(&self.to_string()),
            (ImportError::File(ExportError::NotAnExport), Lang::Zh) => {
                "这不是巾帼台账的导出文件".into()
            }
            (ImportError::File(ExportError::NewerVersion(v)), Lang::Zh) => {
                format!("导出文件的版本（{v}）比本程序新，无法读取")
            }
            (ImportError::File(ExportError::Damaged(d)), Lang::Zh) => {
                format!("导出文件已损坏：{d}")
            }
            (ImportError::NoSuchUser(name), Lang::Zh) => format!("没有账号“{name}”"),
            (ImportError::DeviceTaken, Lang::Zh) => "导出文件所属的设备已登记给另一个账号".into(),
            (ImportError::DeviceRevoked, Lang::Zh) => "导出文件所属的设备已被停用".into(),
            (ImportError::Numbering(_), Lang::Zh) => "导出文件中待同步变更的编号不连续".into(),
            (ImportError::Gap { expected, first }, Lang::Zh) => format!(
                "服务器需要此设备的第{expected}条变更，但导出文件的待同步变更从第{first}条开始"
            ),
            (ImportError::Db(_), Lang::Zh) => "服务器内部错误".into(),
        }
    }
}

/// Imports `export` as the account `as_user`, at server time `now_ms`; `by`
/// is who asked (an admin, or nobody known: the command line), for the audit.
pub async fn apply(
    db: &Db,
    export: &DeviceExport,
    as_user: &UserInfo,
    by: Actor,
    now_ms: i64,
) -> Result<ImportSummary, ImportError> {
    let batches = batches(export)?;
    claim_device(db, export, as_user, now_ms).await?;

    let tree = orgs::tree(db).await?;
    let principal = as_user.principal();
    let pusher = Pusher {
        principal: &principal,
        tree: &tree,
    };
    rebase(db, pusher, export, now_ms).await?;
    let mut summary = ImportSummary::default();
    for batch in &batches {
        let (response, before) = push::apply_counted(db, pusher, batch, now_ms).await?;
        if let Some(expected) = response.expected_seq {
            let first = batch.changes.first().map_or(expected, |c| c.seq);
            return Err(ImportError::Gap { expected, first });
        }
        for receipt in &response.receipts {
            match receipt.outcome {
                _ if receipt.seq <= before => summary.replayed += 1,
                Outcome::Applied { .. } => summary.applied += 1,
                Outcome::Rejected { .. } => summary.rejected += 1,
            }
        }
    }

    // What the device believed the server has: a version, and not deleted
    // (a tombstone the server lost needs no restoring).
    let candidates: Vec<_> = export
        .entries
        .iter()
        .filter(|e| e.version.is_some() && !e.entry.deleted)
        .map(|e| &e.entry)
        .collect();
    let catalogue = catalogue::current(db).await?;
    let restored = restore::restore(
        db,
        pusher,
        &catalogue,
        export.device_id,
        &candidates,
        now_ms,
    )
    .await?;
    summary.restored = restored.restored;
    summary.already_held = restored.already_held;
    summary.not_restored = restored.refused;

    let event = AuditEvent {
        actor: by,
        action: AuditAction::Import,
        target: export.device_id.to_string(),
        detail: format!(
            "as {}: {} applied, {} replayed, {} rejected, {} restored, {} already held, \
             {} not restored",
            as_user.username,
            summary.applied,
            summary.replayed,
            summary.rejected,
            summary.restored,
            summary.already_held,
            summary.not_restored
        ),
    };
    audit::record(db.pool(), now_ms, &event).await?;
    Ok(summary)
}

/// Re-bases a server behind the file's device (see the module comment), in
/// restorations of at most [`MAX_BATCH`] entries each. Files of older builds
/// (no last receipt, no change numbers per entry) are left to step 4.
async fn rebase(
    db: &Db,
    pusher: Pusher<'_>,
    export: &DeviceExport,
    now_ms: i64,
) -> Result<(), ImportError> {
    let Some(acked) = export.acked_seq else {
        return Ok(());
    };
    let written: Vec<(u64, &shared::Entry)> = export
        .entries
        .iter()
        .filter_map(|e| e.seq.map(|seq| (seq, &e.entry)))
        .collect();
    let mut conn = db.pool().acquire().await.map_err(DbError::from)?;
    let mut taken = crate::db::pull::device_taken(&mut conn, export.device_id).await?;
    drop(conn);
    while let Some(change) = restore_change(taken + 1, acked, written.iter().copied()) {
        let req = PushRequest {
            device_id: export.device_id,
            changes: vec![change],
        };
        let (response, _) = push::apply_counted(db, pusher, &req, now_ms).await?;
        if response.last_applied <= taken {
            // Another re-base moved it meanwhile and left a gap: say so.
            let expected = response.expected_seq.unwrap_or(taken + 1);
            return Err(ImportError::Gap {
                expected,
                first: taken + 1,
            });
        }
        taken = response.last_applied;
    }
    Ok(())
}

/// The file's pending changes as push batches, checked: numbered 1, 2, 3…
/// one after another across the whole file, at most [`MAX_BATCH`] a batch.
fn batches(export: &DeviceExport) -> Result<Vec<PushRequest>, ImportError> {
    let mut out: Vec<PushRequest> = Vec::new();
    let mut prev: Option<u64> = None;
    for chunk in export.pending.chunks(MAX_BATCH) {
        let req = PushRequest {
            device_id: export.device_id,
            changes: chunk.to_vec(),
        };
        check_batch(&req)?;
        if let (Some(p), Some(first)) = (prev, req.changes.first()) {
            if first.seq != p + 1 {
                return Err(BatchError::NotConsecutive {
                    prev: p,
                    next: first.seq,
                }
                .into());
            }
        }
        prev = req.changes.last().map(|c| c.seq);
        out.push(req);
    }
    Ok(out)
}

/// Makes sure the file's device is `user`'s: already, or registered now.
async fn claim_device(
    db: &Db,
    export: &DeviceExport,
    user: &UserInfo,
    now_ms: i64,
) -> Result<(), ImportError> {
    match devices::owner(db, export.device_id).await? {
        // Revoked or not: the admin importing its file is the remedy.
        Some(owner) if owner == user.id => Ok(()),
        Some(_) => Err(ImportError::DeviceTaken),
        None => {
            let label = IMPORTED_DEVICE_LABEL;
            match devices::register(db, export.device_id, user.id, label, now_ms).await? {
                Registration::Registered => Ok(()),
                Registration::Taken => Err(ImportError::DeviceTaken),
                Registration::Revoked => Err(ImportError::DeviceRevoked),
            }
        }
    }
}
