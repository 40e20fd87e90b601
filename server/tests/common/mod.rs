//! Shared test helpers: a fresh SQLite file per test, the app over it, and
//! small request helpers. Each test binary uses a subset.
#![allow(dead_code)]

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use server::assets::Assets;
use server::db::Db;
use server::{app, AppState};
use shared::fixtures::sample_entry;
use shared::sync::protocol::{Change, ChangeOp, PushRequest, PUSH_PATH};
use shared::Entry;
use std::sync::Arc;
use tempfile::TempDir;
use tower::ServiceExt;
use uuid::Uuid;

/// A test's server: the router, its database, and the directory that holds it.
pub struct TestApp {
    pub router: Router,
    pub db: Db,
    _dir: TempDir,
}

/// A response, fully read.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(&name)
            .unwrap_or_else(|| panic!("no {name} header"))
            .to_str()
            .unwrap()
    }
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_assets(Assets::empty()).await
    }

    pub async fn with_assets(assets: Assets) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("test.sqlite3").display()
        );
        let db = Db::connect(&url, 4).await.unwrap();
        db.migrate().await.unwrap();
        let router = app(AppState {
            db: db.clone(),
            assets: Arc::new(assets),
        });
        Self {
            router,
            db,
            _dir: dir,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        call(self.router.clone(), req).await
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    pub async fn post_json(&self, uri: &str, body: impl Into<Body>) -> Reply {
        self.send(post_request(uri, body)).await
    }

    pub async fn push(&self, req: &PushRequest) -> Reply {
        self.post_json(PUSH_PATH, serde_json::to_vec(req).unwrap())
            .await
    }

    /// Row counts of (entries, changes, devices).
    pub async fn counts(&self) -> (i64, i64, i64) {
        let mut out = [0i64; 3];
        for (i, table) in ["entries", "changes", "devices"].iter().enumerate() {
            out[i] = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(self.db.pool())
                .await
                .unwrap();
        }
        (out[0], out[1], out[2])
    }
}

/// Sends one request through `router` and reads the whole response.
pub async fn call(router: Router, req: Request<Body>) -> Reply {
    let res = router.oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body,
    }
}

/// A JSON POST request.
pub fn post_request(uri: &str, body: impl Into<Body>) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

/// A device id that differs per `n`.
pub fn device(n: u128) -> Uuid {
    Uuid::from_u128(0x1000 + n)
}

/// Create changes of sample entries `seq` for each `seq` in `seqs`.
pub fn creates(device_id: Uuid, seqs: impl IntoIterator<Item = u64>) -> PushRequest {
    PushRequest {
        device_id,
        changes: seqs
            .into_iter()
            .map(|seq| create(seq, sample_entry(seq as u32)))
            .collect(),
    }
}

pub fn create(seq: u64, entry: Entry) -> Change {
    Change {
        seq,
        op: ChangeOp::Create { entry },
    }
}

/// The JSON error's code, after checking its shape.
pub fn error_code(reply: &Reply) -> String {
    let v = reply.json();
    let err = &v["error"];
    assert!(
        err["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{v}"
    );
    assert!(
        err["message_zh"].as_str().is_some_and(|m| !m.is_empty()),
        "{v}"
    );
    assert_eq!(
        reply.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/json",
        "{v}"
    );
    err["code"].as_str().unwrap().to_owned()
}

/// Shortcut for building a JSON body by hand.
pub fn body(v: Value) -> Vec<u8> {
    serde_json::to_vec(&v).unwrap()
}

pub fn sample_json(n: u32) -> Value {
    json!(sample_entry(n))
}
