//! Serving the frontend: every request no API route took ends up here.
//!
//! Unknown `/api` paths get a JSON 404 (a client must never mistake the app's
//! page for an API answer); other unknown paths get `index.html` when a browser
//! navigates there (the app routes on the client), and a 404 otherwise, so a
//! missing script is an error and not HTML parsed as JavaScript.

use super::{Asset, Variant, INDEX};
use crate::error::AppError;
use crate::AppState;
use axum::body::Body;
use axum::extract::State;
use axum::http::header::{
    ACCEPT, ACCEPT_ENCODING, ALLOW, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE,
    ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// The fallback handler of the whole router.
pub async fn serve_static(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        return AppError::NotFound.into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        let mut response = AppError::MethodNotAllowed.into_response();
        response
            .headers_mut()
            .insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let key = match path.trim_start_matches('/') {
        "" => INDEX,
        key => key,
    };
    let asset = match state.assets.get(key) {
        Some(asset) => Some(asset),
        None if accepts_html(&headers) => state.assets.get(INDEX),
        None => None,
    };
    match asset {
        Some(asset) => respond(asset, method == Method::HEAD, &headers),
        None => AppError::NotFound.into_response(),
    }
}

/// The response for one file: best encoding, validators, 304 when unchanged.
fn respond(asset: &Asset, head: bool, request: &HeaderMap) -> Response {
    let (variant, encoding) = choose_variant(asset, request);
    let not_modified = if_none_match(request, &variant.etag);
    let mut response = if not_modified || head {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(variant.bytes.clone()))
    };
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(asset.cache_control));
    headers.insert(ETAG, variant.etag.clone());
    if asset.br.is_some() || asset.gzip.is_some() {
        // Caches must keep the encodings apart.
        headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    }
    if not_modified {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        return response;
    }
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
    if let Some(encoding) = encoding {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    // For HEAD the body is empty but the length is the real one.
    headers.insert(CONTENT_LENGTH, HeaderValue::from(variant.bytes.len()));
    response
}

/// Brotli (smallest) before gzip before the plain file.
fn choose_variant<'a>(
    asset: &'a Asset,
    request: &HeaderMap,
) -> (&'a Variant, Option<&'static str>) {
    if let Some(br) = asset
        .br
        .as_ref()
        .filter(|_| accepts_encoding(request, "br"))
    {
        return (br, Some("br"));
    }
    if let Some(gz) = asset
        .gzip
        .as_ref()
        .filter(|_| accepts_encoding(request, "gzip"))
    {
        return (gz, Some("gzip"));
    }
    (&asset.identity, None)
}

/// Whether `Accept-Encoding` allows `coding`: named with q > 0, or covered by
/// `*` with q > 0 when not named at all.
fn accepts_encoding(request: &HeaderMap, coding: &str) -> bool {
    let mut named = None;
    let mut wildcard = None;
    for item in list_items(request, ACCEPT_ENCODING) {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            named = Some(q);
        } else if name == "*" {
            wildcard = Some(q);
        }
    }
    named.or(wildcard).is_some_and(|q| q > 0.0)
}

/// A browser navigating (as opposed to a script, an image or a fetch).
fn accepts_html(request: &HeaderMap) -> bool {
    list_items(request, ACCEPT).any(|item| {
        item.split(';')
            .next()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("text/html"))
    })
}

/// Whether the client's cached copy (`If-None-Match`) is this very variant.
fn if_none_match(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let Ok(etag) = etag.to_str() else {
        return false;
    };
    list_items(request, IF_NONE_MATCH).any(|tag| {
        // Weak comparison, as RFC 9110 prescribes for If-None-Match.
        tag == "*" || tag.trim_start_matches("W/") == etag
    })
}

/// The comma-separated items of every instance of a header, trimmed.
fn list_items(
    request: &HeaderMap,
    name: axum::http::HeaderName,
) -> impl Iterator<Item = &str> + '_ {
    request
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|item| !item.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: axum::http::HeaderName, value: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_static(value));
        h
    }

    #[test]
    fn accept_encoding_honours_q_and_wildcard() {
        let ae = |v| with(ACCEPT_ENCODING, v);
        assert!(accepts_encoding(&ae("gzip, deflate, br, zstd"), "br"));
        assert!(accepts_encoding(&ae("BR;q=0.5"), "br"));
        assert!(!accepts_encoding(&ae("br;q=0, *"), "br"));
        assert!(accepts_encoding(&ae("*"), "gzip"));
        assert!(!accepts_encoding(&ae("gzip"), "br"));
        assert!(!accepts_encoding(&HeaderMap::new(), "gzip"));
    }

    #[test]
    fn html_navigation_and_etags() {
        assert!(accepts_html(&with(
            ACCEPT,
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
        )));
        assert!(!accepts_html(&with(ACCEPT, "*/*")));
        let tag = HeaderValue::from_static("\"abc\"");
        assert!(if_none_match(
            &with(IF_NONE_MATCH, "\"x\", W/\"abc\""),
            &tag
        ));
        assert!(!if_none_match(&with(IF_NONE_MATCH, "\"abd\""), &tag));
    }
}
