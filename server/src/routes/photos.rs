//! `/api/v1/photos/{sha256}`: a photo's (or thumbnail's) bytes, for whoever
//! may read an entry that lists it (`crate::db::photos`), cached privately
//! for ever (a hash names one content); and `/{sha256}/upload`: what the
//! server holds of it, and a chunk of it (`crate::photos::upload`).

use crate::auth::{Auth, AuthError};
use crate::error::AppError;
use crate::extract::{ApiPath, ApiQuery};
use crate::openapi::BinaryFile;
use crate::photos::check::PhotoType;
use crate::photos::upload;
use crate::photos::UPLOAD_OFFSET;
use crate::{db, AppState};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::access::Role;
use shared::api::{ErrorBody, PHOTOS_PATH};
use shared::photo::is_sha256_hex;
use shared::photo::upload::{ChunkQuery, UploadStatus};

/// A hash as this API spells it, or 404: anything else names no photo.
fn checked(sha256: String) -> Result<String, AppError> {
    if is_sha256_hex(&sha256) {
        Ok(sha256)
    } else {
        Err(AppError::NotFound)
    }
}

/// Uploading is writing: viewers may not.
fn may_upload(auth: &Auth) -> Result<(), AppError> {
    if auth.principal.role == Role::Viewer {
        return Err(AuthError::Forbidden.into());
    }
    Ok(())
}

fn with_offset(status: UploadStatus) -> Response {
    let held = HeaderValue::from(status.held);
    let mut response = Json(status).into_response();
    response.headers_mut().insert(UPLOAD_OFFSET, held);
    response
}

/// A photo's bytes; 404 alike for a photo the account may not read, one no
/// live entry lists, and one not (fully) received yet.
#[utoipa::path(
    get,
    context_path = PHOTOS_PATH,
    path = "/{sha256}",
    tag = "photos",
    security(("bearer" = [])),
    params(("sha256" = String, Path, description = "SHA-256 of the bytes, 64 lowercase hex digits.")),
    responses(
        (status = 200, description = "The bytes; `Cache-Control: private, max-age=31536000, immutable`.",
            content((BinaryFile = "image/jpeg"), (BinaryFile = "image/webp"), (BinaryFile = "image/png"))),
    ),
)]
pub async fn get_photo(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(sha256): ApiPath<String>,
) -> Result<Response, AppError> {
    let sha256 = checked(sha256)?;
    let tree = db::orgs::tree(&state.db).await?;
    let read = shared::scope::read_scope(&auth.principal, &tree);
    if !db::photos::readable(&state.db, &read, &sha256).await? {
        return Err(AppError::NotFound);
    }
    let bytes = state
        .blobs
        .get(&sha256)
        .await
        .map_err(crate::photos::PhotoError::from)?
        .ok_or(AppError::NotFound)?;
    let media = PhotoType::of(&bytes).map_or("application/octet-stream", PhotoType::media_type);
    let etag = HeaderValue::from_str(&format!("\"{sha256}\""))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((
        [
            (CONTENT_TYPE, HeaderValue::from_static(media)),
            (
                CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=31536000, immutable"),
            ),
            (ETAG, etag),
        ],
        bytes,
    )
        .into_response())
}

/// What the server holds of a photo's upload (also in `Upload-Offset`).
#[utoipa::path(
    get,
    context_path = PHOTOS_PATH,
    path = "/{sha256}/upload",
    tag = "photos",
    security(("bearer" = [])),
    params(("sha256" = String, Path, description = "SHA-256 of the bytes, 64 lowercase hex digits.")),
    responses(
        (status = 200, description = "Bytes held, and whether the photo is complete.", body = UploadStatus,
            headers(("upload-offset" = u64, description = "Bytes held (as `held`)."))),
        (status = 403, description = "forbidden (a viewer)", body = ErrorBody),
    ),
)]
pub async fn get_upload(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(sha256): ApiPath<String>,
) -> Result<Response, AppError> {
    may_upload(&auth)?;
    let sha256 = checked(sha256)?;
    Ok(with_offset(
        upload::status(state.blobs.as_ref(), &sha256).await?,
    ))
}

/// A chunk of a photo: bytes `offset..offset + len` of `total`. Answers
/// what the server holds after it; at the last byte the photo is checked
/// and is then `complete`, or refused and forgotten.
#[utoipa::path(
    put,
    context_path = PHOTOS_PATH,
    path = "/{sha256}/upload",
    tag = "photos",
    security(("bearer" = [])),
    params(("sha256" = String, Path, description = "SHA-256 of the whole photo's bytes."), ChunkQuery),
    request_body(content = BinaryFile, content_type = "application/octet-stream",
        description = "The chunk's bytes (at most 1 MiB)."),
    responses(
        (status = 200, description = "Bytes held now, and whether the photo is complete.", body = UploadStatus,
            headers(("upload-offset" = u64, description = "Bytes held (as `held`)."))),
        (status = 400, description = "invalid_chunk (empty, or past `total`)", body = ErrorBody),
        (status = 403, description = "forbidden (a viewer)", body = ErrorBody),
        (status = 409, description = "upload_offset (the chunk starts past what is held: resume from `Upload-Offset`)", body = ErrorBody,
            headers(("upload-offset" = u64, description = "Bytes held: where to resume."))),
        (status = 413, description = "photo_too_large (`total` over 10,000,000 bytes), body_too_large (a chunk over 1 MiB)", body = ErrorBody),
        (status = 422, description = "photo_hash_mismatch, not_an_image (not JPEG, WebP or PNG), photo_dimensions (over 8000 px a side): nothing kept", body = ErrorBody),
    ),
)]
pub async fn put_upload(
    State(state): State<AppState>,
    auth: Auth,
    ApiPath(sha256): ApiPath<String>,
    ApiQuery(query): ApiQuery<ChunkQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    may_upload(&auth)?;
    let sha256 = checked(sha256)?;
    let body = body?;
    let status = upload::put_chunk(
        state.blobs.as_ref(),
        &state.upload_locks,
        &sha256,
        query,
        &body,
    )
    .await?;
    Ok(with_offset(status))
}
