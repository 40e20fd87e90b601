//! Signing in: the answer to a right and a wrong password, the lock after
//! repeated wrong passwords, the limit per address, disabled accounts.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::extract::ConnectInfo;
use axum::http::header;
use axum::Router;
use common::{device, error_code, post_request, Reply, TestApp, PASSWORD};
use server::assets::Assets;
use server::auth::login;
use server::auth::rate_limit::AddressGate;
use server::error::AppError;
use server::AppState;
use shared::access::Role;
use shared::account::{LoginRequest, LoginResponse};
use shared::api::LOGIN_PATH;
use shared::fixtures::{DEMO_HEWAN, DEMO_HEWAN_DANCE};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn assert_refused(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(error_code(reply), code, "{}", reply.text());
}

#[tokio::test]
async fn a_right_password_gives_a_session_and_what_the_account_sees() {
    let app = TestApp::new().await;
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    // Usernames are compared in their normal form.
    let reply = app.try_login(" HeWan ", PASSWORD, device(1)).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let res: LoginResponse = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(res.token.len(), 43);
    assert_eq!(res.me.user.username, "hewan");
    assert_eq!(res.me.device_id, device(1));
    let days = (res.expires_ms - server::now_ms()) / (24 * 3600 * 1000);
    assert!((29..=30).contains(&days), "{days}");
    let orgs: Vec<_> = res.me.orgs.iter().map(|o| o.id).collect();
    assert_eq!(orgs.len(), 4, "河湾 and its three groups");
    assert_eq!(orgs[0], DEMO_HEWAN);
    assert!(orgs.contains(&DEMO_HEWAN_DANCE));
    // No cookie: the token is a bearer header.
    assert!(reply.headers.get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_and_say_so() {
    let app = TestApp::new().await;
    let user = app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    for _ in 0..4 {
        let reply = app.try_login("hewan", "wrong-password", device(1)).await;
        assert_refused(&reply, 401, "bad_credentials");
    }
    let fifth = app.try_login("hewan", "wrong-password", device(1)).await;
    assert_refused(&fifth, 423, "account_locked");
    let v = fifth.json();
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("15 minutes"),
        "{v}"
    );
    assert!(
        v["error"]["message_zh"]
            .as_str()
            .unwrap()
            .contains("15分钟"),
        "{v}"
    );
    assert_eq!(fifth.header(header::RETRY_AFTER), "900");

    // The right password does not get in while the lock lasts.
    let right = app.try_login("hewan", PASSWORD, device(1)).await;
    assert_refused(&right, 423, "account_locked");

    // When the lock has run out, it does (time is moved by moving the lock).
    sqlx::query("UPDATE sign_in_locks SET locked_until_ms = $1 WHERE username = $2")
        .bind(server::now_ms() - 1)
        .bind(user.username.as_str())
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_eq!(
        app.try_login("hewan", PASSWORD, device(1)).await.status,
        200
    );
}

#[tokio::test]
async fn a_lock_in_force_survives_the_upgrade() {
    // A database as the server before the per-name locks left it, with
    // the admin locked for another minute.
    let app = TestApp::before_migration(5).await;
    let until = server::now_ms() + 60_000;
    sqlx::query("UPDATE users SET locked_until_ms = $1 WHERE username = $2")
        .bind(until)
        .bind(common::ADMIN)
        .execute(app.db.pool())
        .await
        .unwrap();
    app.db.migrate().await.unwrap();
    let kept: Option<i64> =
        sqlx::query_scalar("SELECT locked_until_ms FROM sign_in_locks WHERE username = $1")
            .bind(common::ADMIN)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(kept, Some(until));
    let right = app.try_login(common::ADMIN, PASSWORD, device(1)).await;
    assert_refused(&right, 423, "account_locked");
}

#[tokio::test]
async fn a_success_starts_the_count_again() {
    let app = TestApp::new().await;
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    for _ in 0..3 {
        for _ in 0..4 {
            let reply = app.try_login("hewan", "wrong-password", device(1)).await;
            assert_refused(&reply, 401, "bad_credentials");
        }
        assert_eq!(
            app.try_login("hewan", PASSWORD, device(1)).await.status,
            200
        );
    }
    // The right password as the fifth attempt neither locks nor is left
    // counted (attempts are counted before the password is checked).
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_locks")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(rows, 0);
}

#[tokio::test]
async fn an_unknown_user_and_a_wrong_password_get_the_same_answer() {
    let app = TestApp::new().await;
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let wrong = app.try_login("hewan", "wrong-password", device(1)).await;
    let unknown = app.try_login("nobody", "wrong-password", device(1)).await;
    let not_a_name = app.try_login("' OR 1=1 --", "x", device(1)).await;
    for reply in [&wrong, &unknown, &not_a_name] {
        assert_refused(reply, 401, "bad_credentials");
        assert_eq!(reply.body, wrong.body);
        assert_eq!(reply.header(header::WWW_AUTHENTICATE), "Bearer");
    }
    // And so does the lock: an unknown name locks after five tries, as an account would.
    for _ in 0..3 {
        app.try_login("nobody", "wrong-password", device(1)).await;
    }
    let fifth = app.try_login("nobody", "wrong-password", device(1)).await;
    assert_refused(&fifth, 423, "account_locked");
}

/// Sign-in requests of `username` with `password` at the given times (ms
/// after an arbitrary start), straight through the sign-in flow so that the
/// clock is the test's: each answer's status and Retry-After.
async fn sign_ins_at(app: &TestApp, username: &str, password: &str, at: &[i64]) -> Vec<(u16, u64)> {
    let gate = AddressGate::default();
    let start = 1_800_000_000_000;
    let mut out = Vec::new();
    for t in at {
        let req = LoginRequest {
            username: username.into(),
            password: password.into(),
            device_id: device(1),
            device_label: String::new(),
        };
        let answer = login::sign_in(
            &app.db,
            &gate,
            req,
            None,
            &format!("192.0.2.{t}"),
            start + t,
            2,
        )
        .await;
        out.push(match answer {
            Ok(_) => (200, 0),
            Err(AppError::Auth(e)) => (e.status().as_u16(), e.retry_after_secs().unwrap_or(0)),
            Err(other) => panic!("{other:?}"),
        });
    }
    out
}

#[tokio::test]
async fn an_unknown_name_is_locked_exactly_like_an_account() {
    let app = TestApp::new().await;
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    // Five wrong passwords a minute apart, then tries during the lock, then
    // one after it (and a failure run that starts again later).
    let minute = 60_000;
    let at: Vec<i64> = [0, 1, 2, 3, 4, 5, 10, 18, 20, 40, 41]
        .iter()
        .map(|m| m * minute)
        .collect();
    let real = sign_ins_at(&app, "hewan", "wrong-password", &at).await;
    let unknown = sign_ins_at(&app, "nobody", "wrong-password", &at).await;
    assert_eq!(real, unknown);
    assert_eq!(
        real,
        vec![
            (401, 0),
            (401, 0),
            (401, 0),
            (401, 0),
            (423, 900), // the fifth: locked for 15 minutes from now
            (423, 840), // counted from the fifth, not the first
            (423, 540),
            (423, 60),
            (401, 0), // the lock is over: a new run
            (401, 0), // more than 15 minutes after the one before: counted from 1 again
            (401, 0),
        ]
    );
}

#[tokio::test]
async fn an_address_with_many_failures_is_slowed_down_not_refused() {
    let app = TestApp::new().await;
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    // Different usernames, so no lock by name comes first.
    for n in 0..20 {
        let reply = app.try_login(&format!("guess{n}"), "x", device(1)).await;
        assert_refused(&reply, 401, "bad_credentials");
    }
    // The right password still gets in (behind a NAT, this is a colleague),
    // after waiting a second.
    let started = Instant::now();
    let reply = app.try_login("hewan", PASSWORD, device(1)).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(started.elapsed() >= Duration::from_secs(1), "slowed down");

    // Guesses sent side by side do not wait side by side: while one waits,
    // the other is told to come back.
    let (a, b) = tokio::join!(
        app.try_login("guess-a", "x", device(1)),
        app.try_login("guess-b", "x", device(1)),
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [401, 429], "{} / {}", a.text(), b.text());
    let refused = if a.status == 429 { &a } else { &b };
    assert_refused(refused, 429, "too_many_attempts");
    assert_eq!(refused.header(header::RETRY_AFTER), "1");
}

/// A router over `app`'s database that trusts `X-Forwarded-For` or not.
fn router(app: &TestApp, trust_proxy: bool) -> Router {
    server::app(AppState {
        trust_proxy,
        ..AppState::new(app.db.clone(), Arc::new(Assets::empty()))
    })
}

/// Logs in as hewan from `peer` (as the socket's peer), claiming `xff`.
async fn login_from(router: &Router, peer: &str, xff: Option<&str>, password: &str) -> Reply {
    let body = serde_json::to_vec(&LoginRequest {
        username: "hewan".into(),
        password: password.into(),
        device_id: device(1),
        device_label: String::new(),
    })
    .unwrap();
    let mut req = post_request(LOGIN_PATH, body);
    let peer: SocketAddr = peer.parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    if let Some(xff) = xff {
        req.headers_mut()
            .insert("x-forwarded-for", xff.parse().unwrap());
    }
    common::call(router.clone(), req).await
}

/// Two attempts at once with the right password from `peer`/`xff`: both get
/// in when the address is not slowed down; one is told to wait when it is.
async fn slowed(router: &Router, peer: &str, xff: Option<&str>) -> bool {
    let (a, b) = tokio::join!(
        login_from(router, peer, xff, PASSWORD),
        login_from(router, peer, xff, PASSWORD),
    );
    let statuses = [a.status.as_u16(), b.status.as_u16()];
    assert!(
        statuses.contains(&200),
        "the right password gets in: {statuses:?}"
    );
    statuses.contains(&429)
}

#[tokio::test]
async fn addresses_are_the_peer_and_forwarded_for_only_behind_a_trusted_proxy() {
    let app = TestApp::new().await;
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    // Unlock after each run of four so only the address limit can bite.
    let unlock = || async {
        sqlx::query("DELETE FROM sign_in_locks")
            .execute(app.db.pool())
            .await
            .unwrap();
    };
    let direct = router(&app, false);
    for _ in 0..5 {
        for _ in 0..4 {
            let r = login_from(
                &direct,
                "198.51.100.7:5000",
                Some("203.0.113.1"),
                "bad-password",
            )
            .await;
            assert_refused(&r, 401, "bad_credentials");
        }
        unlock().await;
    }
    // The peer is slowed down (whatever it claims to be forwarding for)…
    assert!(slowed(&direct, "198.51.100.7:6000", Some("203.0.113.2")).await);
    // …another peer is not.
    assert!(!slowed(&direct, "198.51.100.8:5000", None).await);

    // Behind a trusted proxy the forwarded address counts, per client.
    let proxied = router(&app, true);
    for _ in 0..5 {
        for _ in 0..4 {
            let r = login_from(
                &proxied,
                "10.0.0.1:80",
                Some("6.6.6.6, 203.0.113.9"),
                "bad-password",
            )
            .await;
            assert_refused(&r, 401, "bad_credentials");
        }
        unlock().await;
    }
    assert!(slowed(&proxied, "10.0.0.1:80", Some("203.0.113.9")).await);
    assert!(!slowed(&proxied, "10.0.0.1:80", Some("203.0.113.10")).await);
}

#[tokio::test]
async fn a_disabled_account_is_told_only_with_the_right_password() {
    let app = TestApp::new().await;
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let session = app.login("hewan", device(1)).await;
    sqlx::query("UPDATE users SET disabled = 1")
        .execute(app.db.pool())
        .await
        .unwrap();
    let wrong = app.try_login("hewan", "wrong-password", device(1)).await;
    assert_refused(&wrong, 401, "bad_credentials");
    let right = app.try_login("hewan", PASSWORD, device(1)).await;
    assert_refused(&right, 403, "account_disabled");
    // Its live sessions stop working too.
    let me = app.get_as(&session.token, shared::api::ME_PATH).await;
    assert_refused(&me, 403, "account_disabled");
}

#[tokio::test]
async fn sign_in_bodies_are_small() {
    let app = TestApp::new().await;
    let huge = serde_json::to_vec(&LoginRequest {
        username: "hewan".into(),
        password: "x".repeat(100_000),
        device_id: device(1),
        device_label: String::new(),
    })
    .unwrap();
    let reply = app.post_json(LOGIN_PATH, huge).await;
    assert_refused(&reply, 413, "body_too_large");
}
