//! # Jinguo Ledger (巾帼台账): the server
//!
//! A thin HTTP layer over a storage module, plus the built frontend, in one
//! binary. The rules (validation, exactly-once decisions, the organisation
//! tree, who may see and write what) live in `shared`; this crate only moves
//! requests to rows and back, asking those rules on the way.
//!
//! Where things are:
//! - [`app`] — the router: the API routes, the static fallback, the layers.
//! - [`routes`] — one file per API resource: `sync` (push), `pull` (a
//!   device's page of what changed), `entries` (the listing), `catalogue`,
//!   `auth` (sign in/out, me), `orgs`, `users`, `devices`, `audit`,
//!   `import`, `report` (reports as JSON, CSV, XLSX; the summary as DOCX),
//!   `health`.
//! - [`auth`] — passwords, tokens, sign-in limits, the sign-in flow, and the
//!   extractors that turn a bearer token into a `shared::access::Principal`.
//! - [`scope`] — what a principal may read, as lists and as the filter of the
//!   listing and of pulls (entries and conflicts alike).
//! - [`admin`] — the admin's actions (organisations, accounts, devices), used
//!   by the API and the command line alike, each audited.
//! - [`db`] — the storage over sqlx `AnyPool` (SQLite now, PostgreSQL later):
//!   connecting and migrating, [`db::push`] (exactly-once, the heart, with
//!   edits merged field by field and conflicts kept), [`db::pull`], listing,
//!   and one module per table of accounts.
//! - [`error`] — [`error::AppError`], the one error type and its JSON shape;
//!   [`extract`] routes axum's rejections through it.
//! - [`assets`] — the frontend's files: embedded or from disk, precompressed
//!   variants, cache policy, SPA fallback.
//! - [`headers`] — the security headers (CSP) on every response, `no-store`
//!   on the API's.
//! - [`limits`] — limits on a request's URI and headers, answered in our
//!   JSON shape; [`timeouts`] — the waits for slow clients and their layers.
//! - [`import`] — importing a device's export file exactly once (its pending
//!   changes through the push path, then entries the server lost).
//! - [`report`] — the office's reports: checking a request against the
//!   reader's scope, the report from the SQL tally, and its files.
//! - [`config`] — the command line; [`serve`] — start-up and shutdown;
//!   [`listen`] — accepting connections (a cap, hyper's settings);
//!   [`cli`] — `setup`, `user` and `import` commands; [`demo`] — demo
//!   organisations, accounts and entries (pushed through the normal path).
//!
//! Tests drive [`app`] with `tower::ServiceExt::oneshot` and no network; one
//! starts the real binary on port 0.

pub mod admin;
pub mod assets;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod extract;
pub mod headers;
pub mod import;
pub mod limits;
pub mod listen;
pub mod report;
pub mod routes;
pub mod scope;
pub mod serve;
pub mod timeouts;

use assets::Assets;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, patch, post};
use axum::{middleware, Router};
use db::Db;
use error::{API_BODY_LIMIT, IMPORT_BODY_LIMIT, SMALL_BODY_LIMIT};
use shared::account::{
    AUDIT_PATH, DEVICES_PATH, LOGIN_PATH, LOGOUT_PATH, ME_PATH, ORGS_PATH, USERS_PATH,
};
use shared::catalogue::CATALOGUE_PATH;
use shared::report::wire::{REPORT_CSV_PATH, REPORT_PATH, REPORT_XLSX_PATH, SUMMARY_DOCX_PATH};
use shared::sync::protocol::{ENTRIES_PATH, PULL_PATH, PUSH_PATH};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// What every handler can reach. Cheap to clone: the parts are shared.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub assets: Arc<Assets>,
    /// Take the client's address from `X-Forwarded-For` (behind our own proxy only).
    pub trust_proxy: bool,
    /// The addresses whose sign-in attempt is being slowed down right now.
    pub sign_in_gate: Arc<auth::rate_limit::AddressGate>,
}

impl AppState {
    /// A state that trusts no proxy.
    pub fn new(db: Db, assets: Arc<Assets>) -> Self {
        Self {
            db,
            assets,
            trust_proxy: false,
            sign_in_gate: Arc::default(),
        }
    }
}

/// The whole HTTP application, with the default [`timeouts::Timeouts`].
pub fn app(state: AppState) -> Router {
    app_with(state, &timeouts::Timeouts::default())
}

/// The whole HTTP application, with the body-read and request timeouts given.
pub fn app_with(state: AppState, timeouts: &timeouts::Timeouts) -> Router {
    use routes::{
        audit, auth, catalogue, devices, entries, health, import, orgs, pull, report, sync, users,
    };
    // Pushes carry up to MAX_BATCH entries, an export file a phone's whole
    // ledger; everything else is a few fields. Oversized bodies are refused
    // while reading, with or without Content-Length.
    let sync_api = Router::new()
        .route(PUSH_PATH, post(sync::push_changes))
        .method_not_allowed_fallback(routes::api_method_not_allowed)
        .layer(DefaultBodyLimit::max(API_BODY_LIMIT));
    let import_api = Router::new()
        .route(import::IMPORT_PATH, post(import::import_export))
        .method_not_allowed_fallback(routes::api_method_not_allowed)
        .layer(DefaultBodyLimit::max(IMPORT_BODY_LIMIT));
    let small_api = Router::new()
        .route(ENTRIES_PATH, get(entries::list_entries))
        .route(PULL_PATH, get(pull::pull_changes))
        .route(CATALOGUE_PATH, get(catalogue::get_catalogue))
        .route(health::HEALTH_PATH, get(health::get_health))
        .route(LOGIN_PATH, post(auth::sign_in))
        .route(LOGOUT_PATH, post(auth::sign_out))
        .route(ME_PATH, get(auth::get_me))
        .route(ORGS_PATH, get(orgs::list_orgs).post(orgs::create_org))
        .route(&format!("{ORGS_PATH}/{{id}}"), patch(orgs::update_org))
        .route(USERS_PATH, get(users::list_users).post(users::create_user))
        .route(
            &format!("{USERS_PATH}/{{id}}/reset-password"),
            post(users::reset_password),
        )
        .route(DEVICES_PATH, get(devices::list_devices))
        .route(
            &format!("{DEVICES_PATH}/{{id}}/revoke"),
            post(devices::revoke_device),
        )
        .route(
            &format!("{DEVICES_PATH}/{{id}}/restore"),
            post(devices::restore_device),
        )
        .route(AUDIT_PATH, get(audit::list_audit))
        .route(REPORT_PATH, get(report::get_report))
        .route(REPORT_CSV_PATH, get(report::get_report_csv))
        .method_not_allowed_fallback(routes::api_method_not_allowed)
        .layer(DefaultBodyLimit::max(SMALL_BODY_LIMIT));
    // Files that are zip archives already: not compressed again. A summary
    // may run to MAX_SUMMARY_CHARS characters.
    let files_api = Router::new()
        .route(REPORT_XLSX_PATH, get(report::get_report_xlsx))
        .route(SUMMARY_DOCX_PATH, post(report::post_summary_docx))
        .method_not_allowed_fallback(routes::api_method_not_allowed)
        .layer(DefaultBodyLimit::max(API_BODY_LIMIT));
    // Static files come precompressed; API answers (pages of entries) are
    // compressed on the fly.
    let api = sync_api
        .merge(import_api)
        .merge(small_api)
        .layer(CompressionLayer::new().br(true).gzip(true));
    let router = Router::new()
        .merge(api)
        .merge(files_api)
        .fallback(assets::serve::serve_static)
        .layer(middleware::map_request(limits::check_request_head));
    // Inside the header layers, so that their answers (408, 414, 431) carry
    // the security headers and `no-store` too.
    timeouts::apply(router, timeouts)
        .layer(middleware::from_fn(headers::no_store_for_api))
        .layer(middleware::map_response(headers::add_security_headers))
        // The default spans and events name method, path and status: never
        // headers (a bearer token) or bodies (a password).
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Server clock, ms since the Unix epoch: receipts' `received_ms`, "today".
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
