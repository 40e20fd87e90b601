//! # Jinguo Ledger (巾帼台账): the server
//!
//! A thin HTTP layer over a storage module, plus the built frontend, in one
//! binary. The rules (validation, exactly-once decisions) live in `shared`;
//! this crate only moves requests to rows and back.
//!
//! Where things are:
//! - [`app`] — the router: the API routes, the static fallback, the layers.
//! - [`routes`] — one file per API resource: `sync` (push), `entries` (pull),
//!   `health`.
//! - [`db`] — the storage over sqlx `AnyPool` (SQLite now, PostgreSQL later):
//!   connecting and migrating, [`db::push`] (exactly-once, the heart), listing.
//! - [`error`] — [`error::AppError`], the one error type and its JSON shape;
//!   [`extract`] routes axum's rejections through it.
//! - [`assets`] — the frontend's files: embedded or from disk, precompressed
//!   variants, cache policy, SPA fallback.
//! - [`headers`] — the security headers (CSP) on every response.
//! - [`config`] — the command line; [`serve`] — start-up, listening, shutdown;
//!   [`demo`] — demo entries pushed through the normal path.
//!
//! Tests drive [`app`] with `tower::ServiceExt::oneshot` and no network; one
//! starts the real binary on port 0.

pub mod assets;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod extract;
pub mod headers;
pub mod routes;
pub mod serve;

use assets::Assets;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::{middleware, Router};
use db::Db;
use error::API_BODY_LIMIT;
use shared::sync::protocol::{ENTRIES_PATH, PUSH_PATH};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// What every handler can reach. Cheap to clone: both parts are shared.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub assets: Arc<Assets>,
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route(PUSH_PATH, post(routes::sync::push_changes))
        .route(ENTRIES_PATH, get(routes::entries::list_entries))
        .route(routes::health::HEALTH_PATH, get(routes::health::get_health))
        .method_not_allowed_fallback(routes::api_method_not_allowed)
        // Oversized bodies are refused while reading, with or without Content-Length.
        .layer(DefaultBodyLimit::max(API_BODY_LIMIT))
        // Static files come precompressed; API answers (pages of entries) are
        // compressed on the fly.
        .layer(CompressionLayer::new().br(true).gzip(true));
    Router::new()
        .merge(api)
        .fallback(assets::serve::serve_static)
        .layer(middleware::map_response(headers::add_security_headers))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Server clock, ms since the Unix epoch: receipts' `received_ms`, "today".
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
