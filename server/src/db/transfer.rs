//! Moving a deployment to another database (`server migrate-db`, typically
//! SQLite → PostgreSQL): every row of every table copied as it is —
//! organisations, accounts, sessions, devices with their last applied
//! numbers, receipts with their numbers, entries with their versions and
//! stamps, conflicts, the audit log, the catalogue's versions, the sign-in
//! limits' memory — so that phones keep syncing without noticing (their
//! cursors, counters and receipts mean the same there). The rollup
//! (`count_months`) is not copied: the target's triggers build it from the
//! entries, and the check compares it with the source's.
//!
//! The target must be empty (only its schema); the copy is one transaction
//! on it, so a failure leaves it empty. Afterwards the row counts, the
//! rollups and the report tally over every entry are compared on both sides.

use super::{migrate, report, Backend, Db, DbError};
use shared::date::Period;
use shared::scope::Scope;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Column, Row, ValueRef};

/// The tables, parents before children (foreign keys hold at every insert).
/// `organisations` is special: a parent may come after its children in any
/// order the source gives, so parents are set in a second pass.
const TABLES: [&str; 13] = [
    "catalogue",
    "organisations",
    "users",
    "devices",
    "changes",
    "sessions",
    "entries",
    "entry_photos",
    "photo_unreferenced",
    "conflicts",
    "audit_log",
    "login_failures",
    "sign_in_locks",
];

/// Rows per INSERT: PostgreSQL takes at most 65,535 parameters a statement,
/// the widest table has 23 columns.
const ROWS_PER_INSERT: usize = 200;

/// Why a move was not made, or did not check out.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("the target database is not empty: {0} has rows")]
    NotEmpty(String),
    #[error("after the copy, {what} differs: {from} on the source, {to} on the target")]
    Differs {
        what: String,
        from: String,
        to: String,
    },
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for TransferError {
    fn from(e: sqlx::Error) -> Self {
        TransferError::Db(DbError::Sql(e))
    }
}

/// What was copied: each table's rows, in [`TABLES`] order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub rows: Vec<(&'static str, i64)>,
    /// Report cells (month × organisation × kind) equal on both sides.
    pub tally_cells: usize,
}

/// Copies everything in `from` (brought up to date first) into the empty
/// database `to` (given the schema), then checks the two agree.
pub async fn copy(from: &Db, to: &Db) -> Result<Copied, TransferError> {
    from.migrate().await?;
    migrate::run(to.pool()).await?;
    let tables = &TABLES;
    for table in tables {
        if count(to, table).await? > 0 {
            return Err(TransferError::NotEmpty((*table).to_owned()));
        }
    }
    let mut tx = to.begin_write().await?;
    for table in tables {
        copy_table(from, &mut tx, table).await?;
    }
    if to.backend() == Backend::Postgres {
        // Rows came with their ids: the next one given must follow them.
        sqlx::query(
            "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), \
             COALESCE(MAX(id), 0) + 1, false) FROM audit_log",
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    check(from, to, tables).await
}

async fn count(db: &Db, table: &str) -> Result<i64, DbError> {
    Ok(sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(db.pool())
        .await?)
}

/// One stored value: every column is TEXT or a whole number (the schema's rule).
#[derive(Debug, Clone)]
enum Value {
    Null,
    Int(i64),
    Text(String),
}

fn values(row: &AnyRow) -> Result<Vec<Value>, DbError> {
    (0..row.len())
        .map(|i| {
            if row.try_get_raw(i)?.is_null() {
                return Ok(Value::Null);
            }
            match row.try_get::<i64, _>(i) {
                Ok(n) => Ok(Value::Int(n)),
                Err(_) => Ok(Value::Text(row.try_get::<String, _>(i)?)),
            }
        })
        .collect()
}

/// Copies `table`, in its primary order, a batch of rows per INSERT.
async fn copy_table(from: &Db, to: &mut AnyConnection, table: &str) -> Result<(), DbError> {
    let rows = sqlx::query(&format!("SELECT * FROM {table} ORDER BY 1"))
        .fetch_all(from.pool())
        .await?;
    let Some(first) = rows.first() else {
        return Ok(());
    };
    let columns: Vec<String> = first
        .columns()
        .iter()
        .map(|c| c.name().to_owned())
        .collect();
    let parent = columns.iter().position(|c| c == "parent_id");
    let orgs = table == "organisations";
    let mut parents = Vec::new();
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut all = Vec::with_capacity(chunk.len() * columns.len());
        for (r, row) in chunk.iter().enumerate() {
            let mut vals = values(row)?;
            if let (true, Some(p)) = (orgs, parent) {
                if let Value::Text(id) = &vals[p] {
                    parents.push((row.try_get::<String, _>(0)?, id.clone()));
                }
                vals[p] = Value::Null;
            }
            // NULL as a literal: a bound one would carry a type (text or
            // bigint) that PostgreSQL refuses for a column of the other.
            let marks: Vec<String> = vals
                .iter()
                .map(|v| match v {
                    Value::Null => "NULL".to_owned(),
                    _ => {
                        all.push(v.clone());
                        format!("${}", all.len())
                    }
                })
                .collect();
            sql.push_str(if r == 0 { "(" } else { ", (" });
            sql.push_str(&marks.join(", "));
            sql.push(')');
        }
        let mut query = sqlx::query(&sql);
        for v in all {
            query = match v {
                Value::Null => query,
                Value::Int(n) => query.bind(n),
                Value::Text(t) => query.bind(t),
            };
        }
        query.execute(&mut *to).await?;
    }
    for (id, parent) in parents {
        sqlx::query("UPDATE organisations SET parent_id = $2 WHERE id = $1")
            .bind(id)
            .bind(parent)
            .execute(&mut *to)
            .await?;
    }
    Ok(())
}

/// The row counts, the rollups and the report tally over every entry, on
/// both sides.
async fn check(from: &Db, to: &Db, tables: &[&'static str]) -> Result<Copied, TransferError> {
    let differs = |what: &str, a: String, b: String| TransferError::Differs {
        what: what.to_owned(),
        from: a,
        to: b,
    };
    let mut rows = Vec::new();
    for table in tables.iter().copied().chain(["count_months"]) {
        let (a, b) = (count(from, table).await?, count(to, table).await?);
        if a != b {
            return Err(differs(
                &format!("the rows of {table}"),
                a.to_string(),
                b.to_string(),
            ));
        }
        rows.push((table, a));
    }
    let rollup = "SELECT org_id, month, kind, sensitive, key, total FROM count_months \
                  ORDER BY org_id, month, kind, sensitive, key";
    type Sum = (String, String, String, i64, String, i64);
    let a: Vec<Sum> = sqlx::query_as(rollup).fetch_all(from.pool()).await?;
    let b: Vec<Sum> = sqlx::query_as(rollup).fetch_all(to.pool()).await?;
    if a != b {
        let first = a.iter().zip(&b).find(|(x, y)| x != y);
        return Err(differs(
            "the rollup",
            format!("{first:?}"),
            format!("{} rows", b.len()),
        ));
    }
    let span = "SELECT MIN(date), MAX(date) FROM entries";
    let (min, max): (Option<String>, Option<String>) =
        sqlx::query_as(span).fetch_one(from.pool()).await?;
    let mut tally_cells = 0;
    if let (Some(min), Some(max)) = (min, max) {
        let parse = |d: &str| {
            d.parse()
                .map_err(|e| DbError::Corrupt(format!("entries.date {d:?}: {e:?}")))
        };
        let period = Period {
            from: parse(&min)?,
            to: parse(&max)?,
        };
        let a = report::tally(from, period, &Scope::Everything).await?;
        let b = report::tally(to, period, &Scope::Everything).await?;
        if a != b {
            return Err(differs(
                "the report tally",
                format!("{} cells", a.cells.len()),
                format!("{} cells", b.cells.len()),
            ));
        }
        tally_cells = a.cells.len();
    }
    rows.pop(); // count_months: checked, not copied
    Ok(Copied { rows, tally_cells })
}
