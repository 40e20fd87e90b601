//! The schema's migrations, embedded in the binary and run by sqlx's `Migrator`.
//!
//! Why not `sqlx::migrate!`: that macro needs sqlx's `macros` feature, which
//! compiles a second copy of the SQLite driver for the proc-macro. Handing the
//! same `Migrator` an embedded list gives the same bookkeeping (the
//! `_sqlx_migrations` table, checksums, PostgreSQL's advisory lock) for free.
//!
//! To add a migration: put `NNNN_name.sql` in `migrations/<backend>/` and list
//! it below (a test fails if a file is not listed).

use super::DbError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::AnyPool;
use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

/// One migration file: version, description, SQL.
type Embedded = (i64, &'static str, &'static str);

/// SQLite migrations, in order.
const SQLITE: &[Embedded] = &[(
    1,
    "init",
    include_str!("../../migrations/sqlite/0001_init.sql"),
)];

/// A `MigrationSource` over an embedded list (sqlx's own reads a directory).
#[derive(Debug)]
struct EmbeddedSource(&'static [Embedded]);

impl<'s> MigrationSource<'s> for EmbeddedSource {
    // The trait's `BoxFuture`, spelled out to avoid a direct futures dependency.
    #[allow(clippy::type_complexity)]
    fn resolve(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<Migration>, sqlx::error::BoxDynError>> + Send + 's>>
    {
        let migrations = self
            .0
            .iter()
            .map(|&(version, description, sql)| {
                Migration::new(
                    version,
                    Cow::Borrowed(description),
                    MigrationType::Simple,
                    Cow::Borrowed(sql),
                    false,
                )
            })
            .collect();
        Box::pin(async move { Ok(migrations) })
    }
}

/// Applies the migrations not yet applied, each in its own transaction.
pub async fn run(pool: &AnyPool) -> Result<(), DbError> {
    let list = match pool.connect_options().database_url.scheme() {
        "sqlite" => SQLITE,
        other => return Err(DbError::UnsupportedBackend(other.to_owned())),
    };
    let migrator = Migrator::new(EmbeddedSource(list)).await?;
    migrator.run(pool).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sqlite_migration_file_is_listed_in_order() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<String> = SQLITE
            .iter()
            .map(|(v, d, _)| format!("{v:04}_{d}.sql"))
            .collect();
        assert_eq!(files, listed);
    }
}
