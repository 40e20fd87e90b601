//! Sign-in attempts counted before their password is checked: guesses sent
//! side by side are limited exactly as guesses sent one after the other (a
//! right password uncounting its attempt: `login.rs`).
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{device, error_code, Reply, TestApp, PASSWORD};
use server::auth::login;
use server::auth::rate_limit::{self, AddressGate};
use server::error::AppError;
use shared::access::Role;
use shared::account::LoginRequest;
use shared::fixtures::DEMO_HEWAN;
use std::collections::BTreeMap;
use std::sync::Arc;

fn assert_refused(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(error_code(reply), code, "{}", reply.text());
}

/// Guesses sent side by side, each from its own address (so no address is
/// slowed down), on its own task and a millisecond after the one before
/// (the clock is the test's): how many were answered with each status.
async fn parallel_guesses(app: &TestApp, username: &str, n: u8) -> BTreeMap<u16, usize> {
    let gate = Arc::new(AddressGate::default());
    let now = server::now_ms();
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..n {
        let (db, gate) = (app.db.clone(), gate.clone());
        let req = LoginRequest {
            username: username.into(),
            password: format!("wrong-guess-{i}"),
            device_id: device(1),
            device_label: String::new(),
        };
        guesses.spawn(async move {
            login::sign_in(
                &db,
                &gate,
                req,
                None,
                &format!("198.51.100.{i}"),
                now + i64::from(i),
                2,
            )
            .await
        });
    }
    let mut statuses = BTreeMap::new();
    while let Some(answer) = guesses.join_next().await {
        let status = match answer.unwrap() {
            Ok(_) => 200,
            Err(AppError::Auth(e)) => e.status().as_u16(),
            Err(other) => panic!("{other:?}"),
        };
        *statuses.entry(status).or_insert(0) += 1;
    }
    statuses
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guesses_sent_side_by_side_are_limited_like_guesses_one_by_one() {
    let app = TestApp::new().await;
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let n = 40;
    for name in ["hewan", "nobody"] {
        // Five are counted and their passwords checked: four told "wrong",
        // the fifth that the name is now locked; the others are told it is
        // locked without a password check.
        let statuses = parallel_guesses(&app, name, n).await;
        let limit = usize::try_from(rate_limit::MAX_NAME_FAILURES).unwrap();
        assert_eq!(
            statuses,
            BTreeMap::from([(401, limit - 1), (423, usize::from(n) - (limit - 1))]),
            "{name}"
        );
        // Only a checked password is a failure in the audit log.
        let checked: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.login_failed' AND target = $1",
        )
        .bind(name)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        assert_eq!(checked, rate_limit::MAX_NAME_FAILURES, "{name}");
    }
    // The right password does not get in while the lock lasts.
    let right = app.try_login("hewan", PASSWORD, device(1)).await;
    assert_refused(&right, 423, "account_locked");
}
