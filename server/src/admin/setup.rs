//! Setting up a subdistrict from a spreadsheet: the file read
//! ([`super::setup_file`]), its rows planned against the deployment as it is
//! (`shared::setup`), and — only when every row is good — the plan applied
//! in one transaction with an audit record per organisation and account.
//! A file applied twice creates nothing the second time (the plan matches
//! what exists); applies in this process take turns, so two at once cannot
//! both create the same organisation.

use super::accounts::insert_account;
use super::setup_error::SetupError;
use super::setup_file;
use crate::auth::password::{self, PasswordError};
use crate::db::audit::{self, Actor, AuditEvent};
use crate::db::{orgs, users, Db};
use crate::error::AppError;
use shared::account::UserInfo;
use shared::audit::AuditAction;
use shared::org::Organisation;
use shared::setup::plan::{OrgRef, PlannedAccount};
use shared::setup::{plan, read_rows, Existing, NewAccount, SetupApplied, SetupPlan};
use tokio::sync::Mutex;
use uuid::Uuid;

/// One apply at a time in this process.
static APPLYING: Mutex<()> = Mutex::const_new(());

/// What importing `bytes` would do, row by row.
pub async fn preview(db: &Db, bytes: axum::body::Bytes) -> Result<SetupPlan, AppError> {
    let sheets = tokio::task::spawn_blocking(move || setup_file::read(&bytes))
        .await
        .map_err(|e| AppError::Internal(format!("reading the setup file: {e}")))?
        .map_err(SetupError::from)?;
    let rows = read_rows(sheets).map_err(SetupError::from)?;
    let tree = orgs::tree(db).await?;
    let accounts = users::list(db).await?;
    Ok(plan(
        &rows,
        &Existing {
            tree: &tree,
            accounts: &accounts,
        },
    ))
}

/// Imports `bytes` if every row is good, as `actor`.
pub async fn apply(
    db: &Db,
    bytes: axum::body::Bytes,
    actor: Actor,
    now_ms: i64,
) -> Result<SetupApplied, AppError> {
    let _turn = APPLYING.lock().await;
    let plan = preview(db, bytes).await?;
    if !plan.is_clean() {
        return Err(SetupError::RowsWrong {
            errors: plan.preview.errors,
        }
        .into());
    }
    let tree = orgs::tree(db).await?;
    let passwords = one_time_passwords(plan.accounts.len()).await?;

    let mut tx = db.pool().begin().await?;
    let mut new_orgs: Vec<Organisation> = Vec::with_capacity(plan.orgs.len());
    for planned in &plan.orgs {
        let parent_id = planned.parent.map(|p| id_of(p, &new_orgs));
        let org = Organisation {
            id: Uuid::now_v7(),
            parent_id,
            name: planned.name.clone(),
            kind: planned.kind,
            pilot: false,
            venues: Vec::new(),
            retired: false,
        };
        orgs::insert(&mut *tx, &org, now_ms).await?;
        let event = AuditEvent {
            actor,
            action: AuditAction::OrgCreate,
            target: org.id.to_string(),
            detail: format!("{} (setup file)", org.name),
        };
        audit::record(&mut *tx, now_ms, &event).await?;
        new_orgs.push(org);
    }
    let mut accounts = Vec::with_capacity(plan.accounts.len());
    for (planned, (password, hash)) in plan.accounts.iter().zip(passwords) {
        let user = user_of(planned, &new_orgs);
        insert_account(&mut tx, &user, &hash, true, actor, " (setup file)", now_ms).await?;
        let org_name = match planned.org {
            OrgRef::Existing(id) => tree.get(&id).map(|o| o.name.clone()),
            OrgRef::New(i) => new_orgs.get(i).map(|o| o.name.clone()),
        };
        accounts.push(NewAccount {
            user,
            org_name: org_name.unwrap_or_default(),
            one_time_password: password,
        });
    }
    tx.commit().await?;
    Ok(SetupApplied {
        new_orgs: plan.orgs.len() as u32,
        unchanged: plan.preview.unchanged,
        accounts,
    })
}

fn id_of(r: OrgRef, new_orgs: &[Organisation]) -> Uuid {
    match r {
        OrgRef::Existing(id) => id,
        // The plan lists parents first, so a new parent is already made.
        OrgRef::New(i) => new_orgs.get(i).map_or(Uuid::nil(), |o| o.id),
    }
}

fn user_of(planned: &PlannedAccount, new_orgs: &[Organisation]) -> UserInfo {
    UserInfo {
        id: Uuid::now_v7(),
        username: planned.username.clone(),
        display_name: planned.display_name.clone(),
        role: planned.role,
        org_id: id_of(planned.org, new_orgs),
        disabled: false,
    }
}

/// `n` one-time passwords and their hashes. Hashing is slow on purpose
/// (argon2id, 19 MiB each), so it runs before the transaction, one thread
/// per core: all at once would take n × 19 MiB of memory.
async fn one_time_passwords(n: usize) -> Result<Vec<(String, String)>, AppError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(n.max(1));
    let per_thread = n.div_ceil(threads);
    let mut tasks = Vec::new();
    for t in 0..threads {
        let count = per_thread.min(n.saturating_sub(t * per_thread));
        tasks.push(tokio::task::spawn_blocking(move || {
            (0..count)
                .map(|_| {
                    let p = password::try_one_time_password()?;
                    let h = password::hash(&p)?;
                    Ok((p, h))
                })
                .collect::<Result<Vec<_>, PasswordError>>()
        }));
    }
    let mut out = Vec::with_capacity(n);
    for task in tasks {
        let made = task
            .await
            .map_err(|e| AppError::Internal(format!("hashing task failed: {e}")))??;
        out.extend(made);
    }
    Ok(out)
}
