//! `server backup` and `server restore`: the command line over
//! [`crate::db::backup`] (which says what a backup holds).

use crate::config::{self, DbArgs};
use crate::db::backup::{self, BackupError, Held};
use crate::db::Db;
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
    let url = config::database_url(&args.db.db).map_err(|source| BackupError::Io {
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
    let url =
        config::database_url(&args.db.to_string_lossy()).map_err(|source| BackupError::Io {
            what: format!("cannot open {}", args.db.display()),
            source,
        })?;
    let db = Db::connect(&url, 1).await?;
    let migrated = db.migrate().await;
    db.close().await;
    migrated?;
    let mut out = format!("Restored {}: {}", args.db.display(), said(&held));
    if let Some(old) = moved {
        out.push_str(&format!("\nThe database it replaced is {}", old.display()));
    }
    Ok(out)
}

fn said(held: &Held) -> String {
    format!(
        "{} entries, {} receipts, the newest number {}",
        held.entries, held.changes, held.last_change_no
    )
}
