//! `GET /api/v1/catalogue`: the catalogue in force for any signed-in account,
//! never cached by the browser (the app keeps its own copy).
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::http::header::CACHE_CONTROL;
use common::{device, error_code, TestApp};
use shared::access::Role;
use shared::api::CATALOGUE_PATH;
use shared::catalogue::Catalogue;
use shared::catalogue_default::{default_catalogue, DEFAULT_CATALOGUE_VERSION};
use shared::fixtures::{DEMO_HEWAN, DEMO_ROOT};

#[tokio::test]
async fn every_signed_in_account_gets_the_catalogue_in_force() {
    let app = TestApp::new().await;
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    app.add_user("county", Role::Viewer, DEMO_ROOT).await;
    for (name, n) in [("hewan", 1), ("county", 2)] {
        let session = app.login(name, device(n)).await;
        let reply = app.get_as(&session.token, CATALOGUE_PATH).await;
        assert_eq!(reply.status, 200, "{}", reply.text());
        // Like every API answer (the phone keeps its own copy).
        assert_eq!(reply.header(CACHE_CONTROL), "no-store");
        let catalogue: Catalogue = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(catalogue.version, DEFAULT_CATALOGUE_VERSION);
        assert!(catalogue.kinds.len() >= 24, "{}", catalogue.kinds.len());
        assert_eq!(catalogue, default_catalogue());
    }
    assert_eq!(app.get_admin(CATALOGUE_PATH).await.status, 200);
}

#[tokio::test]
async fn without_a_session_it_is_refused() {
    let app = TestApp::new().await;
    let reply = app.get(CATALOGUE_PATH).await;
    assert_eq!(reply.status, 401);
    assert_eq!(error_code(&reply), "unauthenticated");
}

#[tokio::test]
async fn the_default_is_stored_once_and_the_newest_version_is_in_force() {
    let app = TestApp::new().await;
    // Migrating again (every start does) stores nothing more.
    app.db.migrate().await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM catalogue")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(n, 1);
    let mut newer = default_catalogue();
    newer.version = DEFAULT_CATALOGUE_VERSION + 1;
    newer.kinds.retain(|k| k.code != "lecture");
    sqlx::query("INSERT INTO catalogue (version, body, created_ms) VALUES ($1, $2, 0)")
        .bind(i64::from(newer.version))
        .bind(serde_json::to_string(&newer).unwrap())
        .execute(app.db.pool())
        .await
        .unwrap();
    let current = server::db::catalogue::current(&app.db).await.unwrap();
    assert_eq!(current, newer);
}
