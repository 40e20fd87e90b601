//! Headers every response gets from one place: the security headers on all
//! of them, API and static alike, and `Cache-Control: no-store` on all of the
//! API's.
//!
//! The CSP lets the wasm app run (`'wasm-unsafe-eval'` allows compiling wasm,
//! not `eval` of JavaScript) and nothing else: no inline script or style, no
//! other origins, no framing. Chrome and Safari honour `wasm-unsafe-eval`.

use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; \
     script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; \
     connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; \
     base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Adds the headers (use with `axum::middleware::map_response`).
pub async fn add_security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
    );
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// `Cache-Control: no-store` on every answer under `/api` (use with
/// `axum::middleware::from_fn`): entries, sign-in tokens, accounts, audit
/// and reports must stay out of browser and proxy caches, on shared office
/// computers above all. Errors too: they say who may see what. It overrides
/// a handler's own value, so no handler can weaken it; the catalogue's
/// `no-cache` gave nothing more (it carries no validator to revalidate with,
/// and the phone keeps its own copy). Static files keep their own policy, and so
/// does one answer only: a photo's bytes (`GET /api/v1/photos/{sha256}`,
/// 200), `private, immutable` by hash, so a browser fetches each photo once.
pub async fn no_store_for_api(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let api = path == "/api" || path.starts_with("/api/");
    let path_is_photo = photo_read_path(path);
    let mut response = next.run(request).await;
    if api && !is_photo_bytes(path_is_photo, &response) {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// `/api/v1/photos/{sha256}` exactly (not its `/upload`).
fn photo_read_path(path: &str) -> bool {
    path.strip_prefix(shared::api::PHOTOS_PATH)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|hash| !hash.contains('/'))
}

/// A photo's bytes, answered with their own private, immutable policy.
fn is_photo_bytes(path_is_photo: bool, response: &Response) -> bool {
    path_is_photo
        && response.status().is_success()
        && response.headers().contains_key(CACHE_CONTROL)
}
