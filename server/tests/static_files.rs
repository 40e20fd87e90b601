//! Serving the frontend build, from a fixture shaped like `frontend/dist`.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{error_code, Reply, TestApp};
use server::assets::Assets;
use server::headers::CONTENT_SECURITY_POLICY_VALUE;

const INDEX: &str = "<!doctype html><title>巾帼台账</title>";
const WASM: &[u8] = b"\0asm\x01\0\0\0 fake wasm";

fn fixture() -> Assets {
    Assets::from_files([
        ("index.html", INDEX.as_bytes()),
        ("index.html.gz", b"gz-index"),
        ("sw.js", b"self.addEventListener('fetch', () => {});"),
        (
            "manifest.webmanifest",
            b"{\"name\":\"\xe5\xb7\xbe\xe5\xb8\xbc\"}",
        ),
        ("icons/icon-192.png", b"\x89PNG"),
        ("assets/abc123/frontend_bg.wasm", WASM),
        ("assets/abc123/frontend_bg.wasm.br", b"br-wasm"),
        ("assets/abc123/frontend_bg.wasm.gz", b"gz-wasm"),
        ("assets/abc123/frontend.js", b"export default 1;"),
        ("assets/abc123/app.css", b"body{}"),
    ])
}

async fn get(app: &TestApp, uri: &str, headers: &[(header::HeaderName, &str)]) -> Reply {
    let mut req = Request::get(uri);
    for (name, value) in headers {
        req = req.header(name, *value);
    }
    app.send(req.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn wasm_is_served_as_wasm_and_brotli_is_preferred() {
    let app = TestApp::with_assets(fixture()).await;
    let path = "/assets/abc123/frontend_bg.wasm";

    let plain = get(&app, path, &[]).await;
    assert_eq!(plain.status, 200);
    assert_eq!(plain.header(header::CONTENT_TYPE), "application/wasm");
    assert_eq!(&plain.body[..], WASM);
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(plain.header(header::VARY), "accept-encoding");

    let br = get(
        &app,
        path,
        &[(header::ACCEPT_ENCODING, "gzip, deflate, br")],
    )
    .await;
    assert_eq!(br.header(header::CONTENT_ENCODING), "br");
    assert_eq!(br.header(header::CONTENT_TYPE), "application/wasm");
    assert_eq!(&br.body[..], b"br-wasm");
    assert_eq!(
        br.header(header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );

    let gz = get(&app, path, &[(header::ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(gz.header(header::CONTENT_ENCODING), "gzip");
    assert_eq!(&gz.body[..], b"gz-wasm");
    // The sibling files are variants, not files of their own.
    assert_eq!(
        get(&app, "/assets/abc123/frontend_bg.wasm.br", &[])
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn content_types_and_cache_policies() {
    let app = TestApp::with_assets(fixture()).await;
    for (path, content_type, cache) in [
        ("/", "text/html; charset=utf-8", "no-cache"),
        ("/index.html", "text/html; charset=utf-8", "no-cache"),
        ("/sw.js", "text/javascript; charset=utf-8", "no-cache"),
        (
            "/manifest.webmanifest",
            "application/manifest+json",
            "no-cache",
        ),
        ("/icons/icon-192.png", "image/png", "public, max-age=86400"),
        (
            "/assets/abc123/frontend.js",
            "text/javascript; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
        (
            "/assets/abc123/app.css",
            "text/css; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
    ] {
        let reply = get(&app, path, &[]).await;
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header(header::CONTENT_TYPE), content_type, "{path}");
        assert_eq!(reply.header(header::CACHE_CONTROL), cache, "{path}");
    }
}

#[tokio::test]
async fn spa_fallback_only_for_navigations() {
    let app = TestApp::with_assets(fixture()).await;
    let accept_html = (header::ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8");
    let page = get(&app, "/entries/new", std::slice::from_ref(&accept_html)).await;
    assert_eq!(page.status, 200);
    assert_eq!(&page.body[..], INDEX.as_bytes());
    assert_eq!(page.header(header::CACHE_CONTROL), "no-cache");

    let script = get(&app, "/assets/old/frontend.js", &[(header::ACCEPT, "*/*")]).await;
    assert_eq!(script.status, 404);
    assert_eq!(error_code(&script), "not_found");

    // Unknown API paths are JSON 404s even for a browser.
    let api = get(&app, "/api/v2/entries", &[accept_html]).await;
    assert_eq!(api.status, 404);
    assert_eq!(error_code(&api), "not_found");
}

#[tokio::test]
async fn etags_give_304_per_encoding() {
    let app = TestApp::with_assets(fixture()).await;
    let first = get(&app, "/index.html", &[(header::ACCEPT_ENCODING, "gzip")]).await;
    let etag = first.header(header::ETAG).to_owned();
    let again = get(
        &app,
        "/index.html",
        &[
            (header::ACCEPT_ENCODING, "gzip"),
            (header::IF_NONE_MATCH, &etag),
        ],
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.header(header::ETAG), etag);
    // The same tag does not validate the plain encoding.
    let plain = get(&app, "/index.html", &[(header::IF_NONE_MATCH, &etag)]).await;
    assert_eq!(plain.status, 200);
}

#[tokio::test]
async fn head_gives_headers_without_body() {
    let app = TestApp::with_assets(fixture()).await;
    let req = Request::builder()
        .method(Method::HEAD)
        .uri("/assets/abc123/frontend_bg.wasm")
        .body(Body::empty())
        .unwrap();
    let reply = app.send(req).await;
    assert_eq!(reply.status, 200);
    assert!(reply.body.is_empty());
    assert_eq!(reply.header(header::CONTENT_LENGTH), WASM.len().to_string());
    assert_eq!(reply.header(header::CONTENT_TYPE), "application/wasm");
}

#[tokio::test]
async fn writes_to_static_paths_are_refused() {
    let app = TestApp::with_assets(fixture()).await;
    let req = Request::post("/index.html").body(Body::empty()).unwrap();
    let reply = app.send(req).await;
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header(header::ALLOW), "GET, HEAD");
    assert_eq!(error_code(&reply), "method_not_allowed");
}

#[tokio::test]
async fn security_headers_on_every_kind_of_response() {
    let app = TestApp::with_assets(fixture()).await;
    for reply in [
        get(&app, "/", &[]).await,
        get(&app, "/assets/abc123/frontend_bg.wasm", &[]).await,
        get(&app, "/api/v1/health", &[]).await,
        get(&app, "/api/nothing", &[]).await,
        app.post_json(shared::api::PUSH_PATH, "not json").await,
    ] {
        assert_eq!(
            reply.header(header::CONTENT_SECURITY_POLICY),
            CONTENT_SECURITY_POLICY_VALUE
        );
        assert_eq!(reply.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(reply.header(header::X_FRAME_OPTIONS), "DENY");
        assert_eq!(reply.header(header::REFERRER_POLICY), "no-referrer");
    }
}

#[tokio::test]
async fn api_answers_are_compressed_when_asked() {
    let app = TestApp::new().await;
    app.push(&common::creates(common::device(1), 1..=20)).await;
    let token = app.admin_token(common::device(1)).await;
    let auth = format!("Bearer {token}");
    let reply = get(
        &app,
        shared::api::ENTRIES_PATH,
        &[
            (header::ACCEPT_ENCODING, "br"),
            (header::AUTHORIZATION, &auth),
        ],
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header(header::CONTENT_ENCODING), "br");
}

#[tokio::test]
async fn without_a_frontend_the_api_still_works() {
    let app = TestApp::new().await;
    let page = get(&app, "/", &[(header::ACCEPT, "text/html")]).await;
    assert_eq!(page.status, 404);
    assert_eq!(error_code(&page), "not_found");
    assert_eq!(get(&app, "/api/v1/health", &[]).await.status, 200);
}
