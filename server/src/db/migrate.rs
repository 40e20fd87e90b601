//! The schema's migrations, embedded in the binary and run by sqlx's `Migrator`.
//!
//! Why not `sqlx::migrate!`: that macro needs sqlx's `macros` feature, which
//! compiles a second copy of the SQLite driver for the proc-macro. Handing the
//! same `Migrator` an embedded list gives the same bookkeeping (the
//! `_sqlx_migrations` table, checksums, PostgreSQL's advisory lock) for free.
//!
//! To add a migration: put `NNNN_name.sql` in `migrations/<backend>/` and list
//! it below (a test fails if a file is not listed). PostgreSQL starts at the
//! schema SQLite's first six build; from 0007 on, each migration has a twin of
//! the same number for the other backend.

use super::DbError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};
use sqlx::AnyPool;
use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

/// One migration file: version, description, SQL.
type Embedded = (i64, &'static str, &'static str);

/// SQLite migrations, in order.
const SQLITE: &[Embedded] = &[
    (
        1,
        "init",
        include_str!("../../migrations/sqlite/0001_init.sql"),
    ),
    (
        2,
        "accounts",
        include_str!("../../migrations/sqlite/0002_accounts.sql"),
    ),
    (
        3,
        "catalogue_entries",
        include_str!("../../migrations/sqlite/0003_catalogue_entries.sql"),
    ),
    (
        4,
        "merge_conflicts",
        include_str!("../../migrations/sqlite/0004_merge_conflicts.sql"),
    ),
    (
        5,
        "report_rollup",
        include_str!("../../migrations/sqlite/0005_report_rollup.sql"),
    ),
    (
        6,
        "sign_in_locks",
        include_str!("../../migrations/sqlite/0006_sign_in_locks.sql"),
    ),
    (
        7,
        "photos",
        include_str!("../../migrations/sqlite/0007_photos.sql"),
    ),
    (
        8,
        "rollup_by_month",
        include_str!("../../migrations/sqlite/0008_rollup_by_month.sql"),
    ),
    (
        9,
        "copied_change_numbers",
        include_str!("../../migrations/sqlite/0009_copied_change_numbers.sql"),
    ),
    (
        10,
        "password_change",
        include_str!("../../migrations/sqlite/0010_password_change.sql"),
    ),
    (
        14,
        "restorations",
        include_str!("../../migrations/sqlite/0014_restorations.sql"),
    ),
];

/// PostgreSQL migrations, in order.
const POSTGRES: &[Embedded] = &[
    (
        6,
        "schema",
        include_str!("../../migrations/postgres/0006_schema.sql"),
    ),
    (
        7,
        "photos",
        include_str!("../../migrations/postgres/0007_photos.sql"),
    ),
    (
        8,
        "rollup_by_month",
        include_str!("../../migrations/postgres/0008_rollup_by_month.sql"),
    ),
    (
        9,
        "copied_change_numbers",
        include_str!("../../migrations/postgres/0009_copied_change_numbers.sql"),
    ),
    (
        10,
        "password_change",
        include_str!("../../migrations/postgres/0010_password_change.sql"),
    ),
    (
        14,
        "restorations",
        include_str!("../../migrations/postgres/0014_restorations.sql"),
    ),
];

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
    let list = match super::Backend::of_url(pool.connect_options().database_url.as_str())? {
        super::Backend::Sqlite => SQLITE,
        super::Backend::Postgres => POSTGRES,
    };
    let migrator = Migrator::new(EmbeddedSource(list)).await?;
    migrator.run(pool).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::scope::Scope;
    use shared::sync::merge::FieldStamp;
    use uuid::Uuid;

    /// A database in a temporary directory with only the first `n` migrations run.
    async fn old_database(n: usize) -> (tempfile::TempDir, crate::db::Db) {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("old.db").display());
        let db = crate::db::Db::connect(&url, 1).await.unwrap();
        let old = Migrator::new(EmbeddedSource(&SQLITE[..n])).await.unwrap();
        old.run(db.pool()).await.unwrap();
        (dir, db)
    }

    /// A database made by the first schema, with a device and an entry in it,
    /// takes the later migrations: its rows stay, with no organisation (admins
    /// only) and no account.
    #[tokio::test]
    async fn a_database_from_before_accounts_upgrades() {
        let (_dir, db) = old_database(1).await;
        for sql in [
            "INSERT INTO devices (id, last_seq, first_seen_ms, last_seen_ms) VALUES ('d', 1, 5, 5)",
            "INSERT INTO changes (device_id, device_seq, entry_id, status, received_ms) \
             VALUES ('d', 1, 'e', 'applied', 5)",
            "INSERT INTO entries (id, kind, title, date, place, sessions, participants, note, \
             created_ms, updated_ms, device_id, change_no, received_ms) \
             VALUES ('e', 'lecture', 't', '2024-01-01', '', 1, 1, '', 5, 5, 'd', 1, 5)",
        ] {
            sqlx::query(sql).execute(db.pool()).await.unwrap();
        }
        db.migrate().await.unwrap();
        let (org, sensitive): (Option<String>, i64) =
            sqlx::query_as("SELECT org_id, sensitive FROM entries WHERE id = 'e'")
                .fetch_one(db.pool())
                .await
                .unwrap();
        assert_eq!((org, sensitive), (None, 0));
        let user: Option<String> = sqlx::query_scalar("SELECT user_id FROM devices")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(user, None);
    }

    /// A database of the first two schemas, whose entries had two fixed
    /// counts, takes the catalogue's: the counts become a JSON object under
    /// the same keys, the rest of the new columns their defaults, and the
    /// default catalogue is stored.
    #[tokio::test]
    async fn fixed_counts_become_catalogue_counts() {
        let (_dir, db) = old_database(2).await;
        for sql in [
            "INSERT INTO devices (id, last_seq, first_seen_ms, last_seen_ms) \
             VALUES ('00000000-0000-0000-0000-00000000000d', 1, 5, 5)",
            "INSERT INTO changes (device_id, device_seq, entry_id, status, received_ms) \
             VALUES ('00000000-0000-0000-0000-00000000000d', 1, \
                     '00000000-0000-7000-8000-00000000000e', 'applied', 5)",
            "INSERT INTO entries (id, kind, title, date, place, sessions, participants, note, \
             created_ms, updated_ms, device_id, change_no, received_ms) \
             VALUES ('00000000-0000-7000-8000-00000000000e', 'lecture', '宣讲', '2024-01-01', \
                     '', 3, 40, '', 5, 5, '00000000-0000-0000-0000-00000000000d', 1, 5)",
        ] {
            sqlx::query(sql).execute(db.pool()).await.unwrap();
        }
        db.migrate().await.unwrap();

        let page = crate::db::entries::list(&db, &Scope::Everything, 0, 10)
            .await
            .unwrap();
        let [held] = page.entries.as_slice() else {
            panic!("one entry: {page:?}")
        };
        let counts: Vec<(&str, u64)> = held
            .entry
            .counts
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        assert_eq!(counts, [("participants", 40), ("sessions", 3)]);
        assert_eq!(held.entry.level, shared::entry::Level::Village);
        assert!(held.entry.partners.is_empty() && held.entry.person.is_none());
        assert!(!held.entry.deleted && held.entry.end_date.is_none());
        assert_eq!((held.change_no, held.recorded_by.as_str()), (1, ""));
        let stored: String = sqlx::query_scalar("SELECT counts FROM entries")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(stored, r#"{"sessions":3,"participants":40}"#);
        // The old columns are gone.
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info('entries')")
                .fetch_all(db.pool())
                .await
                .unwrap();
        assert!(
            !columns
                .iter()
                .any(|c| c == "sessions" || c == "participants"),
            "{columns:?}"
        );
        let catalogue = crate::db::catalogue::current(&db).await.unwrap();
        assert_eq!(catalogue, shared::catalogue_default::default_catalogue());
    }

    /// A database of the first three schemas, whose entries were edited with
    /// no record of who wrote which field, takes the stamps: each entry
    /// counts as created by its last write (change and device), with no field
    /// stamped since, and there are no conflicts yet.
    #[tokio::test]
    async fn entries_from_before_stamps_count_as_created_by_their_last_write() {
        let (_dir, db) = old_database(3).await;
        let (first, second) = (Uuid::from_u128(0xd1), Uuid::from_u128(0xd2));
        let entry = Uuid::from_u128(0xe);
        for (i, device) in [first, second].into_iter().enumerate() {
            sqlx::query(
                "INSERT INTO devices (id, last_seq, first_seen_ms, last_seen_ms) \
                 VALUES ($1, 1, 5, 5)",
            )
            .bind(device.to_string())
            .execute(db.pool())
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO changes (device_id, device_seq, entry_id, status, received_ms) \
                 VALUES ($1, 1, $2, 'applied', $3)",
            )
            .bind(device.to_string())
            .bind(entry.to_string())
            .bind(5 + i as i64)
            .execute(db.pool())
            .await
            .unwrap();
        }
        // Created on the first device (change 1), edited on the second (change 2).
        sqlx::query(
            "INSERT INTO entries (id, kind, title, date, place, note, created_ms, updated_ms, \
             device_id, change_no, received_ms, counts) \
             VALUES ($1, 'lecture', '宣讲', '2024-01-01', '', '', 5, 6, $2, 2, 6, \
                     '{\"sessions\":1,\"participants\":9}')",
        )
        .bind(entry.to_string())
        .bind(second.to_string())
        .execute(db.pool())
        .await
        .unwrap();
        db.migrate().await.unwrap();

        let mut conn = db.pool().acquire().await.unwrap();
        let held = crate::db::stamped::find(&mut conn, entry)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(held.version, 2);
        assert_eq!(
            held.created,
            FieldStamp {
                change_no: 2,
                device_id: second
            }
        );
        assert!(held.stamps.is_empty());
        assert_eq!(held.entry.title, "宣讲");
        drop(conn); // the pool has one connection
        let stamps: String = sqlx::query_scalar("SELECT field_stamps FROM entries")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(stamps, "{}");
        let conflicts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM conflicts")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(conflicts, 0);
    }

    #[test]
    fn every_migration_file_is_listed_in_order() {
        for (backend, list) in [("sqlite", SQLITE), ("postgres", POSTGRES)] {
            let dir = format!("{}/migrations/{backend}", env!("CARGO_MANIFEST_DIR"));
            assert_eq!(files_in(&dir), listed(list), "{backend}");
        }
    }

    fn files_in(dir: &str) -> Vec<String> {
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        files.sort();
        files
    }

    fn listed(list: &[Embedded]) -> Vec<String> {
        list.iter()
            .map(|(v, d, _)| format!("{v:04}_{d}.sql"))
            .collect()
    }
}
