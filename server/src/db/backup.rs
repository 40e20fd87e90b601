//! Backups of a SQLite deployment: a consistent copy taken while the server
//! serves (`server backup`), and a copy put back in place of the database
//! (`server restore`, with the server stopped). PostgreSQL has its own tools
//! for both (`pg_dump`, `pg_restore`: see docs/deploy.md).
//!
//! The copy is SQLite's `VACUUM INTO`: one read transaction, so it holds
//! exactly the transactions committed before it began — every push answered
//! before the backup started is in it whole (entries, receipts and the
//! device's counter together), none answered after it is in it at all — and
//! in WAL mode writers go on meanwhile. A phone whose changes were answered
//! after the backup keeps them marked as received; after a restore its next
//! sync re-bases the server by itself, or an import of its export file does
//! (`shared::sync::recovery`, `db::push::restore`), each change once.

use super::{Backend, Db, DbError};
use sqlx::{AnyConnection, Connection};
use std::path::{Path, PathBuf};

/// Why a backup or a restoration was not made.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
}

impl From<sqlx::Error> for BackupError {
    fn from(e: sqlx::Error) -> Self {
        BackupError::Db(DbError::Sql(e))
    }
}

/// What a backup or a restored database holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub entries: i64,
    pub changes: i64,
    /// The newest receipt number in it.
    pub last_change_no: i64,
}

/// Copies the SQLite database behind `db`, online, to the new file `to`, and
/// checks the copy.
pub async fn backup(db: &Db, to: &Path) -> Result<Held, BackupError> {
    if db.backend() != Backend::Sqlite {
        return Err(BackupError::Refused(
            "`server backup` copies SQLite databases; for PostgreSQL use pg_dump".into(),
        ));
    }
    if to.exists() {
        return Err(BackupError::Refused(format!(
            "{} exists; a backup never overwrites a file",
            to.display()
        )));
    }
    let target = to
        .to_str()
        .ok_or_else(|| BackupError::Refused(format!("{} is not a UTF-8 path", to.display())))?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(db.pool())
        .await?;
    check(to).await
}

/// Opens the SQLite file `path` read-only, checks its integrity and that it
/// is a ledger, and says what it holds.
pub async fn check(path: &Path) -> Result<Held, BackupError> {
    // One plain connection: the pool's would set WAL mode, a write.
    sqlx::any::install_default_drivers();
    let url = format!("{}?mode=ro", sqlite_url(path));
    let mut conn = AnyConnection::connect(&url).await?;
    let result = held(&mut conn).await;
    conn.close().await?;
    result
}

async fn held(conn: &mut AnyConnection) -> Result<Held, BackupError> {
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| BackupError::Refused(format!("not a SQLite database: {e}")))?;
    if integrity != "ok" {
        return Err(BackupError::Refused(format!("damaged: {integrity}")));
    }
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM entries), COUNT(*), MAX(change_no) FROM changes",
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(|_| BackupError::Refused("not a Jinguo Ledger database".into()))?;
    let (entries, changes, last) = row.unwrap_or((0, 0, None));
    Ok(Held {
        entries,
        changes,
        last_change_no: last.unwrap_or(0),
    })
}

/// Puts the backup `from` in place of the SQLite database file `db_file`
/// (the server must be stopped). A database already there is refused, or,
/// with `replace`, moved aside (with its WAL files) as
/// `<file>.before-restore-<now_ms>`. The copy is written beside the target
/// and renamed into place, so a failure leaves no half a database.
pub async fn restore(
    from: &Path,
    db_file: &Path,
    replace: bool,
    now_ms: i64,
) -> Result<(Held, Option<PathBuf>), BackupError> {
    let io = |what: String| move |source| BackupError::Io { what, source };
    let held = check(from).await?;
    let mut moved = None;
    if db_file.exists() {
        if !replace {
            return Err(BackupError::Refused(format!(
                "{} exists; stop the server and add --replace to move it aside",
                db_file.display()
            )));
        }
        let aside = with_suffix(db_file, &format!(".before-restore-{now_ms}"));
        for suffix in ["", "-wal", "-shm"] {
            let (old, new) = (with_suffix(db_file, suffix), with_suffix(&aside, suffix));
            if old.exists() {
                std::fs::rename(&old, &new)
                    .map_err(io(format!("cannot move {} aside", old.display())))?;
            }
        }
        moved = Some(aside);
    }
    let partial = with_suffix(db_file, ".restoring");
    std::fs::copy(from, &partial).map_err(io(format!("cannot write {}", partial.display())))?;
    std::fs::File::open(&partial)
        .and_then(|f| f.sync_all())
        .map_err(io(format!("cannot write {}", partial.display())))?;
    std::fs::rename(&partial, db_file)
        .map_err(io(format!("cannot write {}", db_file.display())))?;
    Ok((held, moved))
}

/// `path` with `suffix` added to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A SQLite URL for a file path (characters with a meaning in URLs escaped,
/// as `config::database_url` does).
fn sqlite_url(path: &Path) -> String {
    let escaped = path
        .to_string_lossy()
        .replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23");
    format!("sqlite://{escaped}")
}
