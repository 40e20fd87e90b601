//! The photo calls (`shared::photo::upload` describes the exchange): what
//! the server holds of a blob, one chunk of it, and a blob's bytes (a
//! pulled entry's thumbnail). Through `api`'s one request helper.

use super::api::{send_bytes, send_payload, ApiError, Payload, Transient};
use gloo_net::http::Method;
use shared::api::{photo_path, photo_upload_path};
use shared::photo::UploadStatus;

fn parse(body: String) -> Result<UploadStatus, ApiError> {
    serde_json::from_str(&body).map_err(|_| ApiError::Transient(Transient::Unreadable))
}

/// What the server holds of the blob `sha256`.
pub async fn upload_status(token: &str, sha256: &str) -> Result<UploadStatus, ApiError> {
    let path = photo_upload_path(sha256);
    parse(send_payload(Method::GET, &path, Some(token), None).await?)
}

/// Sends `chunk`, the bytes from `offset` of a blob of `total` bytes.
pub async fn put_chunk(
    token: &str,
    sha256: &str,
    offset: u64,
    total: u64,
    chunk: &[u8],
) -> Result<UploadStatus, ApiError> {
    let path = format!(
        "{}?offset={offset}&total={total}",
        photo_upload_path(sha256)
    );
    let body = Payload::Bytes(js_sys::Uint8Array::from(chunk));
    parse(send_payload(Method::PUT, &path, Some(token), Some(body)).await?)
}

/// A blob's bytes, as the server serves it to whoever may read its entry.
pub async fn photo(token: &str, sha256: &str) -> Result<Vec<u8>, ApiError> {
    send_bytes(Method::GET, &photo_path(sha256), Some(token), None).await
}
