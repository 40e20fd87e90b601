//! Extractors that turn axum's rejections into [`AppError`], so a malformed
//! request gets the same JSON error shape as everything else.

use crate::error::AppError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use serde::de::DeserializeOwned;
use serde_json::error::Category;

/// `axum::Json`, answering with an [`AppError`] on bad input: 415 without a
/// JSON content type, 413 past the route's body limit, 400 `invalid_json`
/// for text that is not JSON, 422 `invalid_body` (naming the path) for JSON
/// of the wrong shape.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await?;
        Ok(ApiJson(decode_json(&bytes)?))
    }
}

/// `application/json` or `application/*+json` (as `axum::Json` accepts).
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Decodes a body, telling text that is not JSON from JSON of the wrong shape.
///
/// serde_json files some shape errors under "syntax": an enum given `null`
/// or `{}` ("expected value"), an enum object with two keys ("expected
/// `}`"). Such a body is valid JSON, so a syntax error is only believed if
/// the text does not parse as JSON at all; otherwise it is a shape error at
/// its path (e.g. `changes[0].op`).
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let error = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(value) => match de.end() {
            Ok(()) => return Ok(value),
            Err(e) => return Err(AppError::InvalidJson(e.to_string())),
        },
        Err(e) => e,
    };
    let path = error.path().to_string();
    let inner = error.into_inner();
    let shape = |inner: &serde_json::Error| {
        AppError::InvalidBody(format!(
            "failed to deserialize the JSON body into the target type: {path}: {inner}"
        ))
    };
    let is_json = serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok();
    match inner.classify() {
        Category::Data => Err(shape(&inner)),
        Category::Syntax | Category::Eof if is_json => Err(shape(&inner)),
        Category::Syntax | Category::Eof | Category::Io => {
            Err(AppError::InvalidJson(inner.to_string()))
        }
    }
}

/// `axum::extract::Query`, answering with an [`AppError`] on bad input.
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(value) = Query::<T>::from_request_parts(parts, state).await?;
        Ok(ApiQuery(value))
    }
}

/// `axum::extract::Path`, answering 404 `not_found` when a segment does not
/// parse (an id that is not a UUID names nothing).
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(value) = Path::<T>::from_request_parts(parts, state).await?;
        Ok(ApiPath(value))
    }
}
