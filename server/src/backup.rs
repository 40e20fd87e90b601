//! The commands that copy a deployment's data: `server backup` and `server
//! restore` over [`crate::db::backup`] (which says what a backup holds), and
//! `server migrate-db` over [`crate::db::transfer`] (what a move copies).

use crate::db::backup::{self, BackupError, Held};
use crate::db::transfer::{self, TransferError};
use crate::db::Db;
use crate::db_location::{database_url, redacted, DbArgs};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The new file to write the copy to (never overwritten).
    #[arg(long)]
    pub to: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct RestoreArgs {
    /// The SQLite database file to put the backup in place of.
    #[arg(long, env = "JINGUO_DB")]
    pub db: PathBuf,
    /// The backup file.
    #[arg(long)]
    pub from: PathBuf,
    /// Move a database already at `--db` aside (as `<file>.before-restore-<ms>`)
    /// instead of refusing. Stop the server first.
    #[arg(long)]
    pub replace: bool,
}

/// `server backup`: the copy, checked; what it holds.
pub async fn backup(args: BackupArgs) -> Result<String, BackupError> {
    let url = database_url(&args.db.db).map_err(|source| BackupError::Io {
        what: format!("cannot open {}", args.db.db),
        source,
    })?;
    let db = Db::connect(&url, 1).await?;
    let held = backup::backup(&db, &args.to).await;
    db.close().await;
    Ok(format!(
        "Backed up to {}: {}",
        args.to.display(),
        said(&held?)
    ))
}

/// `server restore`: the backup in place, brought up to this version's schema.
pub async fn restore(args: RestoreArgs, now_ms: i64) -> Result<String, BackupError> {
    let (held, moved) = backup::restore(&args.from, &args.db, args.replace, now_ms).await?;
    let url = database_url(&args.db.to_string_lossy()).map_err(|source| BackupError::Io {
        what: format!("cannot open {}", args.db.display()),
        source,
    })?;
    let db = Db::connect(&url, 1).await?;
    let migrated = restored(&db, now_ms).await;
    db.close().await;
    migrated?;
    let mut out = format!("Restored {}: {}", args.db.display(), said(&held));
    if let Some(old) = moved {
        out.push_str(&format!("\nThe database it replaced is {}", old.display()));
    }
    Ok(out)
}

/// Brings a restored database up to this version's schema and notes the
/// restoration, so that phones holding change numbers the restored server
/// will give out again pull everything again (`shared::sync::recovery`).
pub async fn restored(db: &Db, now_ms: i64) -> Result<(), BackupError> {
    db.migrate().await?;
    crate::db::restorations::note(db.pool(), now_ms).await?;
    Ok(())
}

fn said(held: &Held) -> String {
    format!(
        "{} entries, {} receipts, the newest number {}",
        held.entries, held.changes, held.last_change_no
    )
}

#[derive(Debug, Clone, Args)]
pub struct MigrateDbArgs {
    /// The database the deployment runs on now (a URL or a SQLite file path).
    #[arg(long)]
    pub from: String,
    /// The empty database to move it to (typically `postgres://…`; a URL
    /// with a password is better given in JINGUO_MIGRATE_TO).
    #[arg(long, env = "JINGUO_MIGRATE_TO")]
    pub to: String,
}

/// `server migrate-db`: the copy, checked; what was copied.
pub async fn migrate_db(args: MigrateDbArgs) -> Result<String, TransferError> {
    let open = |db: &str| -> Result<String, TransferError> {
        database_url(db).map_err(|e| {
            TransferError::Db(crate::db::DbError::Corrupt(format!(
                "cannot open {}: {e}",
                redacted(db)
            )))
        })
    };
    let from = Db::connect(&open(&args.from)?, 4).await?;
    let to = Db::connect(&open(&args.to)?, 4).await?;
    let copied = transfer::copy(&from, &to).await;
    from.close().await;
    to.close().await;
    let copied = copied?;
    let mut out = format!(
        "Copied {} to {}; rows, rollup and report tally ({} cells) agree:",
        redacted(&args.from),
        redacted(&args.to),
        copied.tally_cells
    );
    for (table, n) in copied.rows {
        out.push_str(&format!("\n  {table}: {n}"));
    }
    Ok(out)
}
