//! Reading a table a page at a time (`server::db::table_pages`, what
//! `migrate-db` copies and compares with): every row once, in key order,
//! across page boundaries — also for a table whose rows may repeat (the
//! moments of failed sign-ins), with repeats straddling a boundary.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::TestApp;
use server::db::table_pages::{Pages, Table, Value, PAGE_ROWS};

/// Stores `rows` (address, moment) in `login_failures`, many a statement.
async fn store(app: &TestApp, rows: &[(String, i64)]) {
    for chunk in rows.chunks(500) {
        let marks: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
            .collect();
        let sql = format!(
            "INSERT INTO login_failures (address, at_ms) VALUES {}",
            marks.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for (address, at) in chunk {
            query = query.bind(address.clone()).bind(*at);
        }
        query.execute(app.db.pool()).await.unwrap();
    }
}

async fn read_all(app: &TestApp, table: Table) -> (Vec<Vec<Value>>, usize) {
    let mut pages = Pages::new(&app.db, table);
    let (mut rows, mut n) = (Vec::new(), 0);
    while let Some(page) = pages.next().await.unwrap() {
        rows.extend(page.rows);
        n += 1;
    }
    (rows, n)
}

#[tokio::test]
async fn repeated_rows_are_read_as_often_as_stored_across_pages() {
    let app = TestApp::new().await;
    // Each moment three times, a boundary falling inside a group of three.
    let moments = PAGE_ROWS as i64 + 200;
    let mut stored = Vec::new();
    let mut expected = Vec::new();
    // Stored newest first: the read's order is the key's, not the table's.
    for at in (0..moments).rev() {
        for _ in 0..3 {
            stored.push(("addr:127.0.0.1".to_owned(), at));
        }
    }
    for at in 0..moments {
        for _ in 0..3 {
            expected.push(vec![Value::Text("addr:127.0.0.1".into()), Value::Int(at)]);
        }
    }
    store(&app, &stored).await;
    let table = Table {
        name: "login_failures",
        key: &["address", "at_ms"],
        unique: false,
    };
    let (rows, pages) = read_all(&app, table).await;
    assert_eq!(rows.len(), expected.len());
    assert_eq!(rows, expected);
    assert!(pages > 1, "{pages} page(s)");
}

#[tokio::test]
async fn unique_keys_are_read_once_in_key_order() {
    let app = TestApp::new().await;
    let n = PAGE_ROWS * 2 + 7;
    // Names whose bytes and numbers sort apart ("u10" < "u9").
    let mut ids: Vec<String> = (0..n).map(|i| format!("u{i}")).collect();
    let stored: Vec<(String, i64)> = ids.iter().map(|id| (id.clone(), 0)).collect();
    store(&app, &stored).await;
    ids.sort();
    let table = Table {
        name: "login_failures",
        key: &["address"],
        unique: true,
    };
    let (rows, pages) = read_all(&app, table).await;
    let read: Vec<String> = rows
        .into_iter()
        .map(|r| match &r[0] {
            Value::Text(t) => t.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(read, ids);
    assert_eq!(pages, 3);
}
