//! Storage: one [`Db`] handle over an sqlx `AnyPool`, so the same queries run on
//! SQLite (the embedded default) and PostgreSQL; the URL picks the [`Backend`].
//!
//! Portability rules kept by every query here: `$N` placeholders (SQLite reads
//! them as numbered parameters), TEXT for UUIDs and dates, BIGINT for numbers
//! (the Any driver carries `i64`, never `u64`), `RETURNING` and
//! `ON CONFLICT … DO NOTHING` (both backends have them); `CAST(SUM(…) AS
//! BIGINT)` (PostgreSQL sums BIGINTs as NUMERIC, which the Any driver cannot
//! carry); flags compared as numbers (`deleted = 0`), never read as booleans;
//! a subquery in FROM has an alias. Text compares bytewise on both (the
//! PostgreSQL schema says `COLLATE "C"`). What cannot be said alike — the
//! report's JSON functions, the rollup's triggers, how change numbers are
//! given — is written per backend, in the migrations and in [`report`].
//!
//! Writes that take change numbers start with [`Db::begin_write`], so numbers
//! are given in commit order on both backends (see there).
//!
//! - [`migrate`] — the schema, embedded in the binary, applied at start-up;
//!   [`backup`] — a SQLite database copied while serving, and put back;
//!   [`transfer`] — a deployment moved to another database, and checked.
//! - [`push`] — applying a device's batch exactly once, as an account: the
//!   loop, and a file per kind of change (create, edit merged field by
//!   field, conflict settled); [`changes`] — its stored receipts;
//!   [`conflicts`] — the kept conflicts; [`restore`] — entries restored from
//!   a device's export file.
//! - [`photos`] — which entries refer to which photo blobs, and whether a
//!   reader may read one (as she may read one of those entries).
//! - [`scope`] — a reader's `shared::scope::Scope` as SQL, for every read.
//! - [`entries`] — the listing (filtered to what the reader may see), and
//!   reading and writing entry rows; [`stamped`] — an entry with the stamps
//!   of who wrote its fields, as the merge needs it, and as one account may
//!   see it.
//! - [`pull`] — a page of what changed after a device's cursor (entries,
//!   conflicts, what the device has had taken), from one snapshot.
//! - [`report`] — the raw sums of a report (a shared `Tally`): whole months
//!   from the `count_months` rollup the triggers keep (SQLite's migration
//!   0005, PostgreSQL's 0006),
//!   the rest from the entries.
//! - [`catalogue`] — the catalogue of work in force, seeded with the default.
//! - [`orgs`], [`users`], [`sessions`], [`devices`] — accounts and where they
//!   sign in; [`login_failures`] (per address) and [`sign_in_locks`] (per
//!   name) — the sign-in limits' memory;
//!   [`audit`] — who changed what.
//!
//! Who may do what is never decided here: `shared::access` decides, asked by
//! the HTTP layer or, inside the push transaction, by [`push`] and
//! [`stamped`] (whether an account may read an entry as stored).

pub mod audit;
pub mod backup;
pub mod catalogue;
pub mod changes;
pub mod conflicts;
pub mod devices;
pub mod entries;
pub mod listing;
pub mod login_failures;
pub mod migrate;
pub mod orgs;
pub mod photos;
pub mod pull;
pub mod pull_fill;
pub mod push;
pub mod report;
mod report_rows;
pub mod restorations;
pub mod restore;
pub mod scope;
pub mod sessions;
pub mod sign_in_locks;
pub mod stamped;
pub mod table_pages;
pub mod transfer;
pub mod users;

use serde::de::DeserializeOwned;
use serde::Serialize;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;
use uuid::Uuid;

/// Set on every new SQLite connection. WAL lets readers run beside the one
/// writer; `synchronous=FULL` makes a commit durable before we answer (a
/// receipt must never name a change a power cut can undo); the busy timeout
/// makes a second writer wait for the first instead of failing at once.
const SQLITE_PRAGMAS: [&str; 4] = [
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA foreign_keys = ON",
];

/// The name `AnyConnection::backend_name` gives SQLite.
pub(crate) const SQLITE_BACKEND: &str = "SQLite";

/// A failure of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A URL scheme the schema has no migrations for (yet).
    #[error("no schema for the `{0}` backend; use a sqlite:// or postgres:// URL")]
    UnsupportedBackend(String),
    /// A stored row that cannot be what we wrote: never the client's fault.
    #[error("stored data is inconsistent: {0}")]
    Corrupt(String),
    /// A read run as a task of its own panicked or was cancelled.
    #[error("a database task failed: {0}")]
    Task(String),
}

impl DbError {
    /// True for faults that go away by themselves (lock contention, a full
    /// pool), so the client should simply retry.
    pub fn is_transient(&self) -> bool {
        match self {
            DbError::Sql(sqlx::Error::PoolTimedOut) => true,
            DbError::Sql(sqlx::Error::Database(e)) => matches!(
                e.code().as_deref(),
                // SQLite BUSY, LOCKED, BUSY_RECOVERY, BUSY_SNAPSHOT;
                // PostgreSQL serialization_failure, deadlock_detected.
                Some("5" | "6" | "261" | "517" | "40001" | "40P01")
            ),
            _ => false,
        }
    }

    /// True when an INSERT hit a UNIQUE constraint (a taken username).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, DbError::Sql(sqlx::Error::Database(e)) if e.is_unique_violation())
    }
}

/// Which database a [`Db`] talks to, for the few queries written per backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend of a database URL (`sqlite:…`, `postgres://…`, `postgresql://…`).
    pub fn of_url(url: &str) -> Result<Self, DbError> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Ok(Self::Sqlite),
            "postgres" | "postgresql" => Ok(Self::Postgres),
            other => Err(DbError::UnsupportedBackend(other.to_owned())),
        }
    }
}

/// The storage handle the HTTP layer holds. Cheap to clone (the pool is shared).
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

impl Db {
    /// Connects to `url` (`sqlite://…` or `postgres://…`) with at most
    /// `max_connections`, without touching the schema (see [`Db::migrate`]).
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, DbError> {
        let backend = Backend::of_url(url)?;
        sqlx::any::install_default_drivers();
        let options = AnyConnectOptions::from_str(url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            // Longer than the SQLite busy timeout, so lock waits fail first and clearly.
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    if conn.backend_name() == SQLITE_BACKEND {
                        for pragma in SQLITE_PRAGMAS {
                            conn.execute(pragma).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Self { pool, backend })
    }

    /// Brings the schema up to date and stores the default catalogue if there
    /// is none; safe to run on every start.
    pub async fn migrate(&self) -> Result<(), DbError> {
        migrate::run(&self.pool).await?;
        catalogue::seed_default(self, crate::now_ms()).await?;
        Ok(())
    }

    /// The database this handle talks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Begins a transaction that will take change numbers (a push, a
    /// restoration), already holding the right to take them.
    ///
    /// Numbers must be given in commit order: a pull that has seen number N
    /// must never later find a smaller one committed after it. SQLite has one
    /// writer at a time (the transaction's first write waits for the lock).
    /// On PostgreSQL this locks the `change_counter` row, which the
    /// transaction keeps until it ends, so such writes run one at a time
    /// there too, each reading what the one before it committed (every
    /// statement of READ COMMITTED reads the newest committed data), and the
    /// field merge never works from a version another write is replacing.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, DbError> {
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT last FROM change_counter WHERE id = 1 FOR UPDATE")
                .execute(&mut *tx)
                .await?;
        }
        Ok(tx)
    }

    /// Begins a read-only transaction that sees one snapshot throughout (a
    /// pull page). SQLite's read transaction (WAL) keeps the snapshot of its
    /// first read; PostgreSQL's default gives each statement its own, so it
    /// is asked for REPEATABLE READ.
    pub async fn begin_snapshot(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, DbError> {
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .execute(&mut *tx)
                .await?;
        }
        Ok(tx)
    }

    /// The pool, for the storage modules and for tests that count rows.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Waits for connections to finish and closes them (SQLite checkpoints its WAL).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Stored numbers are `i64`; the protocol's are `u64`. A negative stored number
/// can only come from a broken database.
pub(crate) fn to_u64(value: i64, what: &str) -> Result<u64, DbError> {
    u64::try_from(value).map_err(|_| DbError::Corrupt(format!("negative {what}: {value}")))
}

/// The other way; the HTTP layer refuses protocol numbers beyond `i64::MAX`
/// before they get here, so a failure is a bug, reported rather than wrapped.
pub(crate) fn to_i64(value: u64, what: &str) -> Result<i64, DbError> {
    i64::try_from(value)
        .map_err(|_| DbError::Corrupt(format!("{what} too large to store: {value}")))
}

/// A stored UUID (TEXT) back to a `Uuid`; `what` names the column for the error.
pub(crate) fn parse_uuid(text: &str, what: &str) -> Result<Uuid, DbError> {
    Uuid::parse_str(text).map_err(|e| DbError::Corrupt(format!("{what}: {text:?}: {e}")))
}

/// A shared enum (role, organisation kind) as the TEXT its serde name gives, so
/// the stored spelling is the wire spelling and is defined once, in `shared`.
pub(crate) fn enum_text<T: Serialize>(value: &T) -> Result<String, DbError> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        other => Err(DbError::Corrupt(format!("not a unit enum: {other:?}"))),
    }
}

/// The inverse of [`enum_text`].
pub(crate) fn text_enum<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, DbError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| DbError::Corrupt(format!("{what}: {text:?}: {e}")))
}
