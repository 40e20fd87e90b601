//! Which database a test gets: a new SQLite file, or, when
//! `JINGUO_TEST_DATABASE_URL` names a PostgreSQL server (`scripts/test.sh`
//! starts one with `scripts/postgres.sh`), a new schema there, so the tests
//! of a binary run in parallel on either backend. Used by the in-process
//! helpers (`common`) and by the tests of the real binary (`binary`).
#![allow(dead_code)]

use std::path::PathBuf;
use tempfile::TempDir;
use uuid::Uuid;

/// The environment variable naming the PostgreSQL server to test against.
pub const DATABASE_URL_VAR: &str = "JINGUO_TEST_DATABASE_URL";

/// The PostgreSQL server to test against, if any.
fn postgres_base() -> Option<String> {
    std::env::var(DATABASE_URL_VAR)
        .ok()
        .filter(|url| !url.is_empty())
}

/// True when the tests run against PostgreSQL.
pub fn on_postgres() -> bool {
    postgres_base().is_some()
}

/// A new, empty database for one test: a schema of its own on the
/// PostgreSQL server (created here; the server is thrown away after the
/// run), else a SQLite file in `dir`.
pub async fn test_database_url(dir: &TempDir) -> String {
    match postgres_base() {
        Some(base) => postgres_schema(&base).await,
        None => sqlite_url(dir),
    }
}

/// [`test_database_url`] as the server binary's `--db` takes it: the
/// PostgreSQL URL, or the SQLite file `file` in `dir` (a plain path).
pub fn binary_database(dir: &TempDir, file: &str) -> PathBuf {
    match postgres_base() {
        Some(base) => {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            PathBuf::from(runtime.block_on(postgres_schema(&base)))
        }
        None => dir.path().join(file),
    }
}

/// A SQLite database file in `dir`.
pub fn sqlite_url(dir: &TempDir) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("test.sqlite3").display()
    )
}

/// Creates a new schema on the PostgreSQL server at `base` and gives the URL
/// whose connections use it (and only it).
async fn postgres_schema(base: &str) -> String {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let schema = format!("t_{}", Uuid::now_v7().simple());
    let mut conn = sqlx::AnyConnection::connect(base).await.unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let join = if base.contains('?') { '&' } else { '?' };
    format!("{base}{join}options[search_path]={schema}")
}
