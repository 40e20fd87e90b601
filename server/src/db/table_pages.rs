//! Reading a whole table a page at a time in its key's order (keyset paging:
//! each page starts after the last key of the page before), so that copying
//! or comparing a table of millions of rows holds one page in memory, and the
//! order is the same on SQLite and PostgreSQL (keys are whole numbers or text
//! compared bytewise on both).

use super::{Db, DbError};
use sqlx::any::AnyRow;
use sqlx::{Column, Row, ValueRef};

/// Rows per page.
pub const PAGE_ROWS: usize = 1000;

/// A table and the columns that order it.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    pub key: &'static [&'static str],
    /// False when the key is every column and rows may repeat (a log of
    /// moments): a page then holds each distinct row as many times as stored.
    pub unique: bool,
}

/// One stored value: every column is TEXT or a whole number (the schema's rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

/// Rows of one page, each its values in `columns` order.
#[derive(Debug, Default)]
pub struct Page {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// The pages of a table, in key order, one [`Pages::next`] at a time.
pub struct Pages<'a> {
    db: &'a Db,
    table: Table,
    /// The key of the last row read; `None` before the first page.
    after: Option<Vec<Value>>,
    done: bool,
}

impl<'a> Pages<'a> {
    pub fn new(db: &'a Db, table: Table) -> Self {
        Self {
            db,
            table,
            after: None,
            done: false,
        }
    }

    /// The next page, or `None` when the table has been read.
    pub async fn next(&mut self) -> Result<Option<Page>, DbError> {
        if self.done {
            return Ok(None);
        }
        let Table { name, key, unique } = self.table;
        let key_list = key.join(", ");
        let after = match &self.after {
            None => String::new(),
            Some(_) => {
                let marks: Vec<String> = (1..=key.len()).map(|i| format!("${i}")).collect();
                format!(" WHERE ({key_list}) > ({})", marks.join(", "))
            }
        };
        let sql = if unique {
            format!("SELECT * FROM {name}{after} ORDER BY {key_list} LIMIT {PAGE_ROWS}")
        } else {
            format!(
                "SELECT {key_list}, COUNT(*) AS copies FROM {name}{after} \
                 GROUP BY {key_list} ORDER BY {key_list} LIMIT {PAGE_ROWS}"
            )
        };
        let mut query = sqlx::query(&sql);
        for v in self.after.iter().flatten() {
            query = match v {
                Value::Null => query,
                Value::Int(n) => query.bind(*n),
                Value::Text(t) => query.bind(t.clone()),
            };
        }
        let rows = query.fetch_all(self.db.pool()).await?;
        self.done = rows.len() < PAGE_ROWS;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let mut columns: Vec<String> = first
            .columns()
            .iter()
            .map(|c| c.name().to_owned())
            .collect();
        let positions: Vec<usize> = key
            .iter()
            .map(|k| {
                columns
                    .iter()
                    .position(|c| c == k)
                    .ok_or_else(|| DbError::Corrupt(format!("{name}: no key column {k}")))
            })
            .collect::<Result<_, _>>()?;
        let mut page = Page::default();
        for row in &rows {
            let mut vals = values(row)?;
            let copies = match unique {
                true => 1,
                false => match vals.pop() {
                    Some(Value::Int(n)) => usize::try_from(n).unwrap_or(0),
                    other => return Err(DbError::Corrupt(format!("{name}: copies {other:?}"))),
                },
            };
            for _ in 1..copies {
                page.rows.push(vals.clone());
            }
            page.rows.push(vals);
        }
        if !unique {
            columns.pop();
        }
        page.columns = columns;
        self.after = page
            .rows
            .last()
            .map(|last| positions.iter().map(|&i| last[i].clone()).collect());
        Ok(Some(page))
    }
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
