//! The raw sums of a report: a `shared::report::tally::Tally` of a period
//! over a set of organisations, as the shared report builder takes it.
//!
//! Months the period covers whole are read from the `count_months` rollup
//! (kept by triggers on `entries`: see migration 0005); the first and last
//! months, when the period covers them only in part, are summed from the
//! entries themselves with the same key convention and the same filters. Both
//! give rows after the shared `TallyRow` key convention, added a cell at a time
//! by the shared [`Tally::add_cell`]: the sums are made in SQL, everything
//! after them in `shared`.
//!
//! Which entries count is the reader's: a `shared::scope::Scope` names the
//! organisations (a subtree within what the reader may read) and those whose
//! sensitive records the reader may see, filtered as the listing is
//! ([`super::scope`]).
//!
//! Unlike the rest of `db`, these two queries (like the rollup's triggers)
//! use JSON functions and pack their rows, which each backend does its own
//! way: [`Dialect`], [`super::report_rows`].

use super::report_rows::{add_rows, Packing};
use super::{Backend, Db, DbError};
use shared::date::Period;
use shared::report::tally::{Month, Tally};
use shared::scope::Scope;

/// The months of `period` covered whole, as a range, and the parts of months
/// covered in part (at most two), in order.
pub fn split(period: Period) -> (Option<(Month, Month)>, Vec<Period>) {
    let mut whole: Option<(Month, Month)> = None;
    let mut parts = Vec::new();
    if period.from > period.to {
        return (None, parts);
    }
    for month in Month::span(period) {
        let (first, last) = (month.first_day(), month.last_day());
        if period.from <= first && last <= period.to {
            whole = Some(whole.map_or((month, month), |(a, _)| (a, month)));
        } else {
            parts.push(Period {
                from: period.from.max(first),
                to: period.to.min(last),
            });
        }
    }
    (whole, parts)
}

/// The tally of the live entries dated within `period` that `scope` counts.
///
/// The whole months are read in two halves and the part months one by one,
/// each as a task of its own: on SQLite (WAL) every read runs on its own
/// connection, and each part's rows are added up (off the async workers)
/// while the others are still read. The parts cover different months, so
/// putting them together only moves cells.
pub async fn tally(db: &Db, period: Period, scope: &Scope) -> Result<Tally, DbError> {
    if matches!(scope, Scope::Orgs { orgs, .. } if orgs.is_empty()) {
        return Ok(Tally::default());
    }
    let (whole, parts) = split(period);
    let dialect = Dialect::of(db.backend());
    let whole_sql = dialect.packed(&format!(
        "SELECT org_id, month, kind, key, total FROM count_months \
         WHERE month BETWEEN $1 AND $2{}",
        super::scope::filter(scope, "", 3).0
    ));
    let edge_sql = dialect.packed(&edge_sql(dialect, scope));
    let mut reads = Vec::new();
    for (first, last) in whole.map_or_else(Vec::new, |(a, b)| halves(a, b)) {
        reads.push((whole_sql.clone(), first.to_string(), last.to_string()));
    }
    for part in parts {
        reads.push((edge_sql.clone(), part.from.to_string(), part.to.to_string()));
    }
    let tasks: Vec<_> = reads
        .into_iter()
        .map(|(sql, from, to)| {
            let args = (from, to, scope.clone(), dialect.packing);
            tokio::spawn(read(db.clone(), sql, args))
        })
        .collect();
    let mut tally = Tally::default();
    for task in tasks {
        tally.append(task.await.map_err(task_failed)??);
    }
    Ok(tally)
}

/// The tally of one read: `sql` for the range `$1..=$2` and `scope`, its
/// rows packed as `packing` says.
async fn read(
    db: Db,
    sql: String,
    (from, to, scope, packing): (String, String, Scope, Packing),
) -> Result<Tally, DbError> {
    // On PostgreSQL, planned for these values each time (not kept as a
    // prepared statement): after a few runs a kept statement gets a generic
    // plan, which cannot hash the scope's list of organisations and compares
    // each rollup row with every one of them (a year's report over 301
    // organisations went from 0.2 s to 1.5 s at 1,000,000 entries).
    let keep = db.backend() != Backend::Postgres;
    let query = sqlx::query(&sql).persistent(keep).bind(from).bind(to);
    let rows = bind_scope(query, &scope).fetch_all(db.pool()).await?;
    tokio::task::spawn_blocking(move || {
        let mut tally = Tally::default();
        add_rows(&mut tally, &rows, packing).map(|()| tally)
    })
    .await
    .map_err(task_failed)?
}

fn task_failed(e: tokio::task::JoinError) -> DbError {
    DbError::Task(e.to_string())
}

/// `first..=last` as two ranges of months (one when it is one month).
fn halves(first: Month, last: Month) -> Vec<(Month, Month)> {
    let mut months = Vec::new();
    let mut m = first;
    while m <= last {
        months.push(m);
        m = m.next();
    }
    let mid = months.len().div_ceil(2);
    months
        .chunks(mid.max(1))
        .filter_map(|c| Some((*c.first()?, *c.last()?)))
        .collect()
}

/// How a backend spells the JSON the report's queries need.
#[derive(Debug, Clone, Copy)]
struct Dialect {
    /// How a group's `month, kind, key, total` rows travel as one text.
    packing: Packing,
    /// The members of `e.counts` as `j`, the filter (after `AND`) that keeps
    /// the counted ones (whole numbers above zero), and a member's number.
    counts: &'static str,
    counted: &'static str,
    n: &'static str,
    /// The committee change an entry's person names, or NULL.
    change: &'static str,
}

impl Dialect {
    fn of(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => Self {
                packing: Packing::Json,
                counts: "json_each(e.counts) j",
                counted: "j.type = 'integer' AND j.value > 0",
                n: "j.value",
                change: "json_extract(e.person, '$.change')",
            },
            // `entry_counts` is the schema's (migration 0006), shared with
            // the rollup's triggers; it yields only counted members.
            Backend::Postgres => Self {
                packing: Packing::Cells,
                counts: "entry_counts(e.counts) j",
                counted: "true",
                n: "j.n",
                change: "(e.person::jsonb ->> 'change')",
            },
        }
    }

    /// `rows` (`org_id, month, kind, key, total`) packed as one row per
    /// organisation: its id and its items ([`super::report_rows`]).
    fn packed(self, rows: &str) -> String {
        self.packing.packed(rows)
    }
}

/// The sums of the entries dated `$1..=$2` (within one month) under the
/// rollup's key convention (migration 0005 says it in the same words):
/// counts from one pass over the entries, levels and committee changes
/// from a second, grouped once and then split into their keys.
fn edge_sql(dialect: Dialect, scope: &Scope) -> String {
    let filter = format!(
        "e.deleted = 0 AND e.date BETWEEN $1 AND $2{}",
        super::scope::filter(scope, "e.", 3).0
    );
    let Dialect {
        counts,
        counted,
        n,
        change,
        ..
    } = dialect;
    format!(
        "WITH people AS ( \
           SELECT e.org_id, substr(e.date, 1, 7) AS month, e.kind, e.level, \
                  {change} AS change, COUNT(*) AS n \
           FROM entries e WHERE {filter} GROUP BY 1, 2, 3, 4, 5) \
         SELECT e.org_id, substr(e.date, 1, 7) AS month, e.kind, j.key AS key, \
                CAST(SUM({n}) AS BIGINT) AS total \
         FROM entries e, {counts} \
         WHERE {filter} AND {counted} GROUP BY 1, 2, 3, 4 \
         UNION ALL \
         SELECT org_id, month, kind, '@' || level, CAST(SUM(n) AS BIGINT) FROM people \
         GROUP BY 1, 2, 3, 4 \
         UNION ALL \
         SELECT org_id, month, kind, '~' || change, CAST(SUM(n) AS BIGINT) FROM people \
         WHERE change IS NOT NULL GROUP BY 1, 2, 3, 4"
    )
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds the values of the scope's filter, in its order.
fn bind_scope<'q>(mut query: AnyQuery<'q>, scope: &Scope) -> AnyQuery<'q> {
    for org in super::scope::filter(scope, "", 3).1 {
        query = query.bind(org.to_string());
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(from: &str, to: &str) -> Period {
        Period {
            from: from.parse().unwrap(),
            to: to.parse().unwrap(),
        }
    }

    fn m(s: &str) -> Month {
        s.parse().unwrap()
    }

    #[test]
    fn whole_months_come_from_the_rollup_and_parts_from_the_entries() {
        assert_eq!(
            split(p("2023-01-01", "2023-12-31")),
            (Some((m("2023-01"), m("2023-12"))), vec![])
        );
        assert_eq!(
            split(p("2023-03-10", "2023-06-15")),
            (
                Some((m("2023-04"), m("2023-05"))),
                vec![p("2023-03-10", "2023-03-31"), p("2023-06-01", "2023-06-15")]
            )
        );
        // Within one month: one part.
        assert_eq!(
            split(p("2024-02-03", "2024-02-29")),
            (None, vec![p("2024-02-03", "2024-02-29")])
        );
        assert_eq!(
            split(p("2024-02-01", "2024-02-29")),
            (Some((m("2024-02"), m("2024-02"))), vec![])
        );
        // Two neighbouring parts, nothing whole.
        assert_eq!(
            split(p("2023-12-31", "2024-01-01")),
            (
                None,
                vec![p("2023-12-31", "2023-12-31"), p("2024-01-01", "2024-01-01")]
            )
        );
        assert_eq!(split(p("2024-01-02", "2024-01-01")), (None, vec![]));
    }
}
