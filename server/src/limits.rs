//! Limits on a request's size: its body per kind of route (applied where
//! `crate::api_routes` groups them), and its head (URI and headers), checked
//! by our own layer so that an oversized head is answered like every other
//! refusal: the JSON error shape, the security headers, `no-store` under `/api`.
//!
//! hyper parses the head before any layer sees it and answers a head beyond
//! its own limits itself: a bare status line, no body, none of our headers.
//! So hyper's limits are set *above* ours ([`HYPER_MAX_HEADERS`],
//! [`HYPER_MAX_HEAD_BYTES`], applied in `crate::listen`), and the requests
//! between the two reach [`check_request_head`]. What still gets hyper's
//! bare answer:
//! - more than [`HYPER_MAX_HEADERS`] header lines, or a head (request line and
//!   headers) over [`HYPER_MAX_HEAD_BYTES`]: 431;
//! - a URI over 65,534 bytes, hyper's fixed limit: 414;
//! - a head hyper cannot parse at all (bad bytes, a bad request line): 400.
//!
//! A head that never ends is hyper's too: the connection is closed when the
//! header-read timeout passes (`crate::timeouts`).

use crate::error::AppError;
use axum::extract::Request;
use axum::http::Uri;

/// Largest request body the API reads (1 MiB: 200 changes of a few hundred bytes
/// each fit many times over).
pub const API_BODY_LIMIT: usize = 1024 * 1024;
/// Largest body of the sign-in and admin requests: a few short fields.
pub const SMALL_BODY_LIMIT: usize = 16 * 1024;
/// Largest export file an admin may import (16 MiB: a phone's whole ledger,
/// thousands of entries, fits several times over).
pub const IMPORT_BODY_LIMIT: usize = 16 * 1024 * 1024;

/// Longest URI we take. Ours are short (the longest, a report export with
/// its period, organisation and language, is under 200 bytes); 8 KiB is
/// what common proxies allow.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// Most header lines we take: Apache's default, and hyper's own default, so
/// no request answered before is refused now.
pub const MAX_HEADERS: usize = 100;
/// Largest sum of header lines (`name: value` and CRLF) we take. A browser
/// sends about 1 KiB, a proxy adds a few hundred bytes.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;

/// hyper's limit on header lines: above ours, so that ours is the one met.
pub const HYPER_MAX_HEADERS: usize = 2 * MAX_HEADERS;
/// hyper's limit on the whole head: room for its longest URI (64 KiB) and
/// our largest headers, with slack. hyper's default would be about 400 KiB
/// of buffer per connection; this also caps what a slow client makes us hold.
pub const HYPER_MAX_HEAD_BYTES: usize = 128 * 1024;

// Checked when compiling: hyper's limits lie above ours (the head: hyper's
// longest URI plus our largest headers).
const _: () = assert!(HYPER_MAX_HEADERS > MAX_HEADERS);
const _: () = assert!(HYPER_MAX_HEAD_BYTES > 65_534 + MAX_HEADER_BYTES);

/// Refuses a request whose URI or headers exceed our limits (use with
/// `axum::middleware::map_request`, inside the header layers).
pub async fn check_request_head(request: Request) -> Result<Request, AppError> {
    let uri_bytes = uri_len(request.uri());
    if uri_bytes > MAX_URI_BYTES {
        return Err(AppError::UriTooLong {
            bytes: uri_bytes,
            max: MAX_URI_BYTES,
        });
    }
    // `len` counts every value, so a header repeated is counted each time,
    // as its lines on the wire are.
    let count = request.headers().len();
    if count > MAX_HEADERS {
        return Err(AppError::TooManyHeaders {
            count,
            max: MAX_HEADERS,
        });
    }
    let bytes: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + ": \r\n".len())
        .sum();
    if bytes > MAX_HEADER_BYTES {
        return Err(AppError::HeadersTooLarge {
            bytes,
            max: MAX_HEADER_BYTES,
        });
    }
    Ok(request)
}

/// The URI's length as it was sent (origin form: path and query; absolute
/// form: scheme and authority too), without building a string.
fn uri_len(uri: &Uri) -> usize {
    uri.scheme_str().map_or(0, |s| s.len() + "://".len())
        + uri.authority().map_or(0, |a| a.as_str().len())
        + uri.path_and_query().map_or(0, |p| p.as_str().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_length_counts_what_was_sent() {
        let origin: Uri = "/api/v1/entries?after=3&limit=50"
            .parse()
            .unwrap_or_default();
        assert_eq!(uri_len(&origin), "/api/v1/entries?after=3&limit=50".len());
        let absolute: Uri = "http://example.org/a?b=c".parse().unwrap_or_default();
        assert_eq!(uri_len(&absolute), "http://example.org/a?b=c".len());
    }
}
