//! The account commands: `setup` (first run: the root organisation and the
//! first admin) and `user add` / `user reset-password`; and `import` (a
//! phone's export file); `gc-photos` (photos no entry refers to). They go through the same code as the API
//! (`crate::admin`, `crate::import`), so the same rules apply and each is
//! audited (with no account as the actor: it was the command line).
//!
//! A one-time password is printed once. For scripts and tests, the password
//! can come from `JINGUO_NEW_PASSWORD` instead; it is then never printed.

use crate::admin;
use crate::config::{
    self, DbArgs, GcPhotosArgs, ImportArgs, ResetPasswordArgs, SetupArgs, UserAddArgs,
};
use crate::db::audit::Actor;
use crate::db::{orgs, users, Db, DbError};
use crate::error::AppError;
use crate::import::{self, ImportError};
use shared::access::Role;
use shared::account::{
    check_display_name, check_password, normalise_username, CreateOrg, CreateUser, CreatedUser,
};
use shared::org::OrgKind;
use shared::Lang;
use uuid::Uuid;

/// The environment variable that supplies a password instead of a one-time one.
pub const NEW_PASSWORD_ENV: &str = "JINGUO_NEW_PASSWORD";

/// Why a command did nothing (or not all of it).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Refused(String),
    #[error("cannot open the database {path}: {source}")]
    Open {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("database: {0}")]
    Db(#[from] DbError),
    #[error("{0}")]
    App(String),
}

impl From<AppError> for CliError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Org(t) => CliError::App(t.message(Lang::En)),
            AppError::Credential(c) => CliError::App(c.message(Lang::En).to_owned()),
            other => CliError::App(other.to_string()),
        }
    }
}

impl From<ImportError> for CliError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Db(db) => CliError::Db(db),
            other => CliError::App(other.message(Lang::En)),
        }
    }
}

/// The password from [`NEW_PASSWORD_ENV`], if set and not empty.
pub fn password_from_env() -> Option<String> {
    std::env::var(NEW_PASSWORD_ENV)
        .ok()
        .filter(|p| !p.is_empty())
}

/// `server setup`: creates the root organisation and the first admin.
pub async fn setup(
    args: SetupArgs,
    new_password: Option<String>,
    now_ms: i64,
) -> Result<String, CliError> {
    let db = open(&args.db).await?;
    if users::any_admin(&db).await? {
        return Err(CliError::Refused(
            "an admin account already exists, so setup has been done; use \
             `server user add` or `server user reset-password` instead"
                .into(),
        ));
    }
    // Check the account's fields before creating anything, so a typo leaves no
    // organisation behind.
    normalise_username(&args.admin).map_err(AppError::from)?;
    let display_name = args.display_name.unwrap_or_else(|| args.admin.clone());
    check_display_name(&display_name).map_err(AppError::from)?;
    if let Some(p) = &new_password {
        check_password(p).map_err(AppError::from)?;
    }
    let root = CreateOrg {
        name: args.org_name,
        kind: OrgKind::Subdistrict,
        parent_id: None,
        pilot: false,
        venues: Vec::new(),
    };
    let org = admin::orgs::create_org(&db, root, Actor::default(), now_ms).await?;
    let account = CreateUser {
        username: args.admin,
        display_name,
        role: Role::Admin,
        org_id: org.id,
        password: new_password,
    };
    let created = admin::accounts::create_account(&db, account, Actor::default(), now_ms).await?;
    db.close().await;
    Ok(format!(
        "Created the organisation {} ({}).\n{}",
        org.name,
        org.id,
        account_lines(
            &format!(
                "Created the admin account {} at {}.",
                who(&created),
                org.name
            ),
            &created
        )
    ))
}

/// `server user add`.
pub async fn user_add(
    args: UserAddArgs,
    new_password: Option<String>,
    now_ms: i64,
) -> Result<String, CliError> {
    let db = open(&args.db).await?;
    let org_id = find_org(&db, &args.org).await?;
    let account = CreateUser {
        display_name: args.display_name.unwrap_or_else(|| args.username.clone()),
        username: args.username,
        role: args.role,
        org_id,
        password: new_password,
    };
    let created = admin::accounts::create_account(&db, account, Actor::default(), now_ms).await?;
    let tree = orgs::tree(&db).await?;
    let org_name = tree
        .get(&org_id)
        .map_or_else(String::new, |o| o.name.clone());
    db.close().await;
    let headline = format!("Created the account {} at {org_name}.", who(&created));
    Ok(account_lines(&headline, &created))
}

/// `server user reset-password`.
pub async fn reset_password(
    args: ResetPasswordArgs,
    new_password: Option<String>,
    now_ms: i64,
) -> Result<String, CliError> {
    let db = open(&args.db).await?;
    let username = normalise_username(&args.username).map_err(AppError::from)?;
    let user = users::find_by_username(&db, &username)
        .await?
        .ok_or_else(|| CliError::Refused(format!("there is no account {username:?}")))?;
    let reset =
        admin::accounts::reset_password(&db, user.info.id, new_password, Actor::default(), now_ms)
            .await?;
    db.close().await;
    let headline = format!(
        "Reset the password of {}; it has been signed out everywhere.",
        who(&reset)
    );
    Ok(account_lines(&headline, &reset))
}

/// `server import`: a phone's export file, as `--user`; one line per count.
pub async fn import(args: ImportArgs, now_ms: i64) -> Result<String, CliError> {
    let path = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file).map_err(|source| CliError::Read {
        path: path.clone(),
        source,
    })?;
    let export = shared::device::DeviceExport::parse(&text).map_err(ImportError::from)?;
    let db = open(&args.db).await?;
    let username = normalise_username(&args.user).map_err(AppError::from)?;
    let user = users::find_by_username(&db, &username)
        .await?
        .ok_or_else(|| CliError::Refused(format!("there is no account {username:?}")))?;
    let summary = import::apply(&db, &export, &user.info, Actor::default(), now_ms).await?;
    db.close().await;
    Ok(format!(
        "Imported {path} (device {}) as {}.\n\
         Changes applied: {}\n\
         Changes replayed (taken before): {}\n\
         Changes rejected: {}\n\
         Entries restored: {}\n\
         Entries already held: {}\n\
         Entries not restored (invalid or not permitted): {}",
        export.device_id,
        user.info.username,
        summary.applied,
        summary.replayed,
        summary.rejected,
        summary.restored,
        summary.already_held,
        summary.not_restored,
    ))
}

/// `server gc-photos`: what was removed, one line per kind.
pub async fn gc_photos(args: GcPhotosArgs, now_ms: i64) -> Result<String, CliError> {
    let db = open(&args.db).await?;
    let dir = config::blobs_dir(&args.db.db, args.blobs.as_ref());
    let store = crate::blobs::open(&dir).map_err(|e| CliError::App(e.to_string()))?;
    let done = crate::photos::gc::collect(&db, &*store, now_ms, args.grace_days, args.dry_run)
        .await
        .map_err(|e| CliError::App(e.to_string()))?;
    db.close().await;
    let verb = if args.dry_run {
        "Would remove"
    } else {
        "Removed"
    };
    Ok(format!(
        "Photos in {}: {} kept; {verb} {} unreferenced for over {} days and {} abandoned uploads.",
        dir.display(),
        done.kept,
        done.removed.len(),
        args.grace_days,
        done.partial_removed
    ))
}

async fn open(args: &DbArgs) -> Result<Db, CliError> {
    let url = config::database_url(&args.db).map_err(|source| CliError::Open {
        path: args.db.clone(),
        source,
    })?;
    let db = Db::connect(&url, 2).await?;
    db.migrate().await?;
    Ok(db)
}

/// An organisation by id, or by exact name if that names exactly one.
async fn find_org(db: &Db, id_or_name: &str) -> Result<Uuid, CliError> {
    if let Ok(id) = Uuid::parse_str(id_or_name.trim()) {
        return Ok(id);
    }
    let ids = orgs::find_by_name(db, id_or_name).await?;
    match ids.as_slice() {
        [id] => Ok(*id),
        [] => Err(CliError::Refused(format!(
            "there is no organisation named {id_or_name:?}"
        ))),
        several => Err(CliError::Refused(format!(
            "{} organisations are named {id_or_name:?}; give the id of one: {}",
            several.len(),
            several
                .iter()
                .map(Uuid::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// "username (role)".
fn who(created: &CreatedUser) -> String {
    let role = crate::db::enum_text(&created.user.role).unwrap_or_default();
    format!("{} ({role})", created.user.username)
}

/// What to print about an account: the headline, and its one-time password if
/// one was made.
fn account_lines(headline: &str, created: &CreatedUser) -> String {
    let password = match &created.one_time_password {
        Some(p) => {
            format!("One-time password: {p}\nHand it over in person; it is shown only this once.")
        }
        None => format!("Its password is the one given in {NEW_PASSWORD_ENV}."),
    };
    format!("{headline}\n{password}")
}
