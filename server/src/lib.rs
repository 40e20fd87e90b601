//! # Jinguo Ledger (巾帼台账): the server
//!
//! A thin HTTP layer over a storage module, plus the built frontend, in one
//! binary. The rules (validation, exactly-once decisions, the organisation
//! tree, who may see and write what) live in `shared`; this crate only moves
//! requests to rows and back, asking those rules on the way.
//!
//! Where things are:
//! - [`app`] — the router: the API routes, the static fallback, the layers.
//! - [`routes`] — one file per API resource: `push` (a device hands over its changes), `pull` (a
//!   device's page of what changed), `entries` (the listing), `catalogue`,
//!   `auth` (sign in/out, me), `orgs`, `users`, `devices`, `audit`,
//!   `import`, `setup` (the setup spreadsheet: template, preview, apply), `report` (reports as JSON, CSV, XLSX; the summary as DOCX),
//!   `photos` (a photo's bytes; its resumable upload), `health`.
//! - [`auth`] — passwords, tokens, sign-in limits, the sign-in flow, and the
//!   extractors that turn a bearer token into a `shared::access::Principal`.
//! - [`admin`] — the admin's actions (organisations, accounts, devices), used
//!   by the API and the command line alike, each audited.
//! - [`db`] — the storage over sqlx `AnyPool` (SQLite or PostgreSQL):
//!   connecting and migrating, [`db::push`] (exactly-once, the heart: the
//!   loop, and a file per kind of change — create, edit merged field by
//!   field with conflicts kept, settlement), [`db::pull`], listing,
//!   [`db::scope`] (what a reader may read, `shared::scope`, as SQL), and one
//!   module per table of accounts.
//! - [`photos`] — receiving a photo in chunks and checking it (hash, image
//!   header) before it is readable; [`blobs`] — where the bytes live, behind
//!   a small trait (a directory by default, fanned out by hash; an
//!   S3-compatible bucket for several processes).
//! - [`error`] — [`error::AppError`], the one error type and its JSON shape
//!   (sub-errors such as `AuthError`, `ImportError`, `ReportError` own their
//!   status and code); [`extract`] routes axum's rejections through it.
//! - [`assets`] — the frontend's files: embedded or from disk, precompressed
//!   variants, cache policy, SPA fallback.
//! - [`headers`] — the security headers (CSP) on every response, `no-store`
//!   on the API's.
//! - [`limits`] — limits on a request's body, URI and headers, answered in
//!   our JSON shape; [`timeouts`] — the waits for slow clients and their layers.
//! - [`openapi`] — the API's OpenAPI 3.1 document (`/api/v1/openapi.json`),
//!   made from the routes as [`api_routes`] registers them and from
//!   `shared`'s wire types.
//! - [`import`] — importing a device's export file exactly once (its pending
//!   changes through the push path, then entries the server lost).
//! - [`report`] — the office's reports: checking a request against the
//!   reader's scope, the report from the SQL tally, and its files.
//! - [`config`] — the command line ([`db_location`]: `--db` as a URL); [`serve`] — start-up and shutdown;
//!   [`listen`] — accepting connections (a cap, hyper's settings);
//!   [`cli`] — `setup`, `user` and `import` commands; [`backup`] —
//!   `backup` and `restore`; [`demo`] — demo
//!   organisations, accounts and entries (pushed through the normal path).
//!
//! Tests drive [`app`] with `tower::ServiceExt::oneshot` and no network; one
//! starts the real binary on port 0.

pub mod admin;
pub mod assets;
pub mod auth;
pub mod backup;
pub mod blobs;
pub mod cli;
pub mod config;
pub mod db;
pub mod db_location;
pub mod demo;
pub mod error;
pub mod extract;
pub mod headers;
pub mod import;
pub mod limits;
pub mod listen;
pub mod openapi;
pub mod photos;
pub mod report;
pub mod routes;
pub mod serve;
pub mod timeouts;

use assets::Assets;
use axum::extract::DefaultBodyLimit;
use axum::{middleware, Router};
use db::Db;
use limits::{API_BODY_LIMIT, IMPORT_BODY_LIMIT, SMALL_BODY_LIMIT};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;
use tower_http::trace::TraceLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// What every handler can reach. Cheap to clone: the parts are shared.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub assets: Arc<Assets>,
    /// Take the client's address from `X-Forwarded-For` (behind our own proxy only).
    pub trust_proxy: bool,
    /// The addresses whose sign-in attempt is being slowed down right now.
    pub sign_in_gate: Arc<auth::rate_limit::AddressGate>,
    /// Calendar years a cadre's phone keeps (`Me::phone_window_years`).
    pub phone_window_years: u8,
    /// Where photos' bytes live (`serve --blobs`).
    pub blobs: Arc<dyn blobs::BlobStore>,
    /// One chunk at a time per photo.
    pub upload_locks: Arc<photos::upload::UploadLocks>,
}

impl AppState {
    /// A state that trusts no proxy, with photos in a fresh directory under
    /// the system's temporary one (made on the first upload): for tests and
    /// tools; `serve` names the real store.
    pub fn new(db: Db, assets: Arc<Assets>) -> Self {
        let scratch = std::env::temp_dir().join(format!("jinguo-photos-{}", uuid::Uuid::now_v7()));
        Self {
            db,
            assets,
            trust_proxy: false,
            sign_in_gate: Arc::default(),
            phone_window_years: shared::account::DEFAULT_PHONE_WINDOW_YEARS,
            blobs: Arc::new(blobs::dir::DirStore::new(scratch)),
            upload_locks: Arc::default(),
        }
    }
}

/// The whole HTTP application, with the default [`timeouts::Timeouts`].
pub fn app(state: AppState) -> Router {
    app_with(state, &timeouts::Timeouts::default())
}

/// The whole HTTP application, with the body-read and request timeouts given.
pub fn app_with(state: AppState, timeouts: &timeouts::Timeouts) -> Router {
    let (api, _) = api_routes();
    let router = api
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

/// The API's routes and their OpenAPI description, made from one list: each
/// handler is registered through `routes!` with its `#[utoipa::path]`, so a
/// route cannot exist without its entry in the document ([`openapi`]).
pub fn api_routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    use routes::{
        audit, auth, catalogue, devices, entries, health, import, orgs, photos, pull, push, report,
        setup, users,
    };
    // Pushes carry up to MAX_BATCH entries, an export file a phone's whole
    // ledger; everything else is a few fields. Oversized bodies are refused
    // while reading, with or without Content-Length.
    // A phone gzips its pushes (Content-Encoding: gzip) where its browser can:
    // the body limit counts the bytes *after* decompression (the extractor
    // reads the decompressed body), so a small zip bomb is refused with 413
    // like any large body. Another encoding is answered 415 with
    // `Accept-Encoding: gzip` (and no body).
    let (sync_api, sync_doc) = api_group(
        OpenApiRouter::new().routes(routes!(push::push_changes)),
        API_BODY_LIMIT,
    );
    let sync_api = sync_api.layer(
        RequestDecompressionLayer::new()
            .gzip(true)
            .no_br()
            .no_deflate()
            .no_zstd(),
    );
    let (import_api, import_doc) = api_group(
        // The setup spreadsheet too (a county's tree and accounts).
        OpenApiRouter::new()
            .routes(routes!(import::import_export))
            .routes(routes!(setup::get_setup_template_xlsx))
            .routes(routes!(setup::get_setup_template_csv))
            .routes(routes!(setup::post_setup_preview))
            .routes(routes!(setup::post_setup_apply)),
        IMPORT_BODY_LIMIT,
    );
    let (small_api, small_doc) = api_group(
        OpenApiRouter::new()
            .routes(routes!(entries::list_entries))
            .routes(routes!(entries::list_by_date))
            .routes(routes!(pull::pull_changes))
            .routes(routes!(catalogue::get_catalogue, catalogue::edit_catalogue))
            .routes(routes!(catalogue::get_catalogue_version))
            .routes(routes!(health::get_health))
            .routes(routes!(openapi::get_openapi))
            .routes(routes!(auth::sign_in))
            .routes(routes!(auth::first_password))
            .routes(routes!(auth::change_password))
            .routes(routes!(auth::sign_out))
            .routes(routes!(auth::get_me))
            .routes(routes!(orgs::list_orgs, orgs::create_org))
            .routes(routes!(orgs::update_org))
            .routes(routes!(users::list_users, users::create_user))
            .routes(routes!(users::reset_password))
            .routes(routes!(devices::list_devices))
            .routes(routes!(devices::revoke_device))
            .routes(routes!(devices::restore_device))
            .routes(routes!(devices::revoke_never_synced))
            .routes(routes!(audit::list_audit))
            .routes(routes!(report::get_report))
            .routes(routes!(report::get_report_csv)),
        SMALL_BODY_LIMIT,
    );
    // Files that are zip archives already: not compressed again. A summary
    // may run to MAX_SUMMARY_CHARS characters.
    let (files_api, files_doc) = api_group(
        OpenApiRouter::new()
            .routes(routes!(report::get_report_xlsx))
            .routes(routes!(report::post_summary_docx)),
        API_BODY_LIMIT,
    );
    // Photos are compressed already; a chunk is at most MAX_CHUNK_BYTES.
    let (photos_api, photos_doc) = api_group(
        OpenApiRouter::new()
            .routes(routes!(photos::get_photo))
            .routes(routes!(photos::get_upload, photos::put_upload)),
        shared::photo::upload::MAX_CHUNK_BYTES as usize,
    );
    // Static files come precompressed; API answers (pages of entries) are
    // compressed on the fly.
    let api = sync_api
        .merge(import_api)
        .merge(small_api)
        .layer(CompressionLayer::new().br(true).gzip(true));
    let mut doc = sync_doc;
    for part in [import_doc, small_doc, files_doc, photos_doc] {
        doc.merge(part);
    }
    (
        Router::new().merge(api).merge(files_api).merge(photos_api),
        doc,
    )
}

/// One group of routes sharing a body limit; a known path with a method it
/// does not take answers 405 in the API's error shape.
fn api_group(
    routes: OpenApiRouter<AppState>,
    body_limit: usize,
) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, doc) = routes.split_for_parts();
    let router = router
        .method_not_allowed_fallback(routes::api_method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit));
    (router, doc)
}

/// Server clock, ms since the Unix epoch: receipts' `received_ms`, "today".
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
