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

use super::table_pages::{Pages, Table, Value};
use super::{migrate, report, Backend, Db, DbError};
use shared::date::Period;
use shared::scope::Scope;
use sqlx::AnyConnection;

/// The tables, parents before children (foreign keys hold at every insert),
/// each with the key it is read in. `organisations` is special: a parent may
/// come after its children in key order, so parents are set in a second pass.
const TABLES: [Table; 14] = [
    table("catalogue", &["version"]),
    table("organisations", &["id"]),
    table("users", &["id"]),
    table("devices", &["id"]),
    table("changes", &["change_no"]),
    table("sessions", &["token_hash"]),
    table("entries", &["id"]),
    table("entry_photos", &["sha256", "entry_id"]),
    table("photo_unreferenced", &["sha256"]),
    table("conflicts", &["change_no", "field"]),
    table("audit_log", &["id"]),
    // Moments of failed sign-ins: two at the same millisecond are two rows.
    Table {
        name: "login_failures",
        key: &["address", "at_ms"],
        unique: false,
    },
    table("sign_in_locks", &["username"]),
    table("restorations", &["at_ms"]),
];

/// The rollup, compared (not copied) in its key's order.
const ROLLUP: Table = table(
    "count_months",
    &["org_id", "month", "kind", "sensitive", "key"],
);

const fn table(name: &'static str, key: &'static [&'static str]) -> Table {
    Table {
        name,
        key,
        unique: true,
    }
}

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
    for table in TABLES {
        if count(to, table.name).await? > 0 {
            return Err(TransferError::NotEmpty(table.name.to_owned()));
        }
    }
    let mut tx = to.begin_write().await?;
    for table in TABLES {
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
    check(from, to).await
}

async fn count(db: &Db, table: &str) -> Result<i64, DbError> {
    Ok(sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(db.pool())
        .await?)
}

/// Copies `table` a page at a time in its key's order, a batch of rows per
/// INSERT.
async fn copy_table(from: &Db, to: &mut AnyConnection, table: Table) -> Result<(), DbError> {
    let orgs = table.name == "organisations";
    let mut parents = Vec::new();
    let mut pages = Pages::new(from, table);
    while let Some(page) = pages.next().await? {
        let columns = &page.columns;
        let parent = columns.iter().position(|c| c == "parent_id");
        for chunk in page.rows.chunks(ROWS_PER_INSERT) {
            let mut sql = format!(
                "INSERT INTO {} ({}) VALUES ",
                table.name,
                columns.join(", ")
            );
            let mut all = Vec::with_capacity(chunk.len() * columns.len());
            for (r, vals) in chunk.iter().enumerate() {
                let mut vals = vals.clone();
                if let (true, Some(p)) = (orgs, parent) {
                    if let (Some(Value::Text(id)), Value::Text(parent)) = (vals.first(), &vals[p]) {
                        parents.push((id.clone(), parent.clone()));
                    }
                    vals[p] = Value::Null;
                }
                // NULL as a literal: a bound one would carry a type (text or
                // bigint) that PostgreSQL refuses for a column of the other.
                let marks: Vec<String> = vals
                    .into_iter()
                    .map(|v| match v {
                        Value::Null => "NULL".to_owned(),
                        v => {
                            all.push(v);
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
async fn check(from: &Db, to: &Db) -> Result<Copied, TransferError> {
    let differs = |what: &str, a: String, b: String| TransferError::Differs {
        what: what.to_owned(),
        from: a,
        to: b,
    };
    let mut rows = Vec::new();
    for table in TABLES.iter().chain([&ROLLUP]).map(|t| t.name) {
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
    // Row by row, a page of each side at a time (equal counts: the pages
    // line up).
    let (mut a, mut b) = (Pages::new(from, ROLLUP), Pages::new(to, ROLLUP));
    while let Some(x) = a.next().await? {
        let y = b.next().await?.unwrap_or_default();
        if x.rows != y.rows {
            let first = x.rows.iter().zip(&y.rows).find(|(x, y)| x != y);
            return Err(differs(
                "the rollup",
                format!("{first:?}"),
                format!("{} rows in a page", y.rows.len()),
            ));
        }
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
