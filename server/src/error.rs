//! The one error type of the HTTP layer and its JSON shape:
//! `{"error":{"code":"snake_case","message":"English","message_zh":"中文"}}`.
//!
//! `code` is for programs (the sync client decides on it), the messages are for
//! people. 5xx details go to the log only: the client learns "internal error"
//! and retries, a person reading the log learns why.

use crate::auth::password::PasswordError;
use crate::auth::AuthError;
use crate::db::catalogue::SaveError;
use crate::db::DbError;
use crate::import::ImportError;
use crate::photos::PhotoError;
use crate::report::ReportError;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::account::CredentialError;
use shared::api::{ErrorBody, ErrorDetail};
use shared::org::TreeError;
use shared::sync::protocol::MAX_BATCH;
use shared::sync::server_rules::BatchError;
use shared::text;
use shared::Lang;

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("the body is not valid JSON: {0}")]
    InvalidJson(String),
    /// Well-formed JSON of the wrong shape; the text names the field (serde
    /// path), e.g. `changes[0].op: expected value` (see `extract::decode_json`).
    #[error("{0}")]
    InvalidBody(String),
    #[error("the body must be JSON with Content-Type: application/json")]
    UnsupportedMediaType,
    #[error("the body is larger than this endpoint accepts")]
    BodyTooLarge,
    #[error("the body could not be read: {0}")]
    UnreadableBody(String),
    /// The body stalled or the whole request took too long (`crate::timeouts`):
    /// 408, which clients retry.
    #[error("the request was not received in time; try again")]
    RequestTimeout,
    /// The request's head broke our limits (`crate::limits`).
    #[error("the URI is {bytes} bytes long; at most {max} are accepted")]
    UriTooLong { bytes: usize, max: usize },
    #[error("the request has {count} header fields; at most {max} are accepted")]
    TooManyHeaders { count: usize, max: usize },
    #[error("the header fields take {bytes} bytes; at most {max} are accepted")]
    HeadersTooLarge { bytes: usize, max: usize },
    #[error("invalid batch: {0}")]
    InvalidBatch(#[from] BatchError),
    #[error("invalid query string: {0}")]
    InvalidQuery(String),
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    /// Not signed in, not allowed, or a refused sign-in.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// A change to the organisation tree that its rules refuse.
    #[error(transparent)]
    Org(#[from] TreeError),
    /// A username, password or display name that breaks the account rules.
    #[error(transparent)]
    Credential(#[from] CredentialError),
    #[error("that username is taken")]
    UsernameTaken,
    /// An export file that cannot be imported (as it is, or as whom).
    #[error(transparent)]
    Import(ImportError),
    /// A report asked for a period, organisation or summary it cannot have.
    #[error(transparent)]
    Report(ReportError),
    /// A photo's chunk or bytes refused, or its storage failed.
    #[error(transparent)]
    Photo(PhotoError),
    /// An admin's catalogue edit refused: stale base (409) or a broken rule (400).
    #[error(transparent)]
    Catalogue(SaveError),
    /// A setup file that cannot be read, or whose rows are wrong.
    #[error(transparent)]
    Setup(#[from] crate::admin::setup_error::SetupError),
    /// Hashing or randomness failed: never the client's fault.
    #[error("internal: {0}")]
    Internal(String),
    /// Lock contention or a full pool: retrying soon will work.
    #[error("database busy: {0}")]
    Busy(#[source] DbError),
    #[error("database error: {0}")]
    Database(#[source] DbError),
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        if e.is_transient() {
            AppError::Busy(e)
        } else {
            AppError::Database(e)
        }
    }
}

impl From<ImportError> for AppError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Db(db) => db.into(),
            other => AppError::Import(other),
        }
    }
}

impl From<ReportError> for AppError {
    fn from(e: ReportError) -> Self {
        match e {
            ReportError::Db(db) => db.into(),
            ReportError::Internal(what) => {
                AppError::Internal(format!("building the report: {what}"))
            }
            other => AppError::Report(other),
        }
    }
}

impl From<SaveError> for AppError {
    fn from(e: SaveError) -> Self {
        match e {
            SaveError::Db(db) => db.into(),
            other => AppError::Catalogue(other),
        }
    }
}

impl From<PhotoError> for AppError {
    fn from(e: PhotoError) -> Self {
        AppError::Photo(e)
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        DbError::from(e).into()
    }
}

impl From<BytesRejection> for AppError {
    fn from(rejection: BytesRejection) -> Self {
        if body_timed_out(&rejection) {
            AppError::RequestTimeout
        } else if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::BodyTooLarge
        } else {
            AppError::UnreadableBody(rejection.body_text())
        }
    }
}

/// Whether reading the body failed because it stalled: the body timeout's
/// error sits a few sources deep inside axum's rejection.
fn body_timed_out(rejection: &(dyn std::error::Error + 'static)) -> bool {
    std::iter::successors(Some(rejection), |e| e.source())
        .any(|e| e.is::<tower_http::timeout::TimeoutError>())
}

impl From<PasswordError> for AppError {
    fn from(e: PasswordError) -> Self {
        AppError::Internal(e.to_string())
    }
}

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> Self {
        // A malformed id in the path names no resource.
        AppError::NotFound
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::InvalidQuery(rejection.body_text())
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::InvalidJson(_) | AppError::UnreadableBody(_) | AppError::InvalidQuery(_) => {
                StatusCode::BAD_REQUEST
            }
            AppError::InvalidBody(_)
            | AppError::InvalidBatch(_)
            | AppError::Org(_)
            | AppError::Credential(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Auth(e) => e.status(),
            AppError::UsernameTaken => StatusCode::CONFLICT,
            AppError::Import(e) => e.status(),
            AppError::Setup(e) => e.status(),
            AppError::Report(e) => e.status(),
            AppError::Photo(e) => e.status(),
            AppError::Catalogue(e) => e.status(),
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            AppError::UriTooLong { .. } => StatusCode::URI_TOO_LONG,
            AppError::TooManyHeaders { .. } | AppError::HeadersTooLarge { .. } => {
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE
            }
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Database(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::InvalidJson(_) => "invalid_json",
            AppError::InvalidBody(_) => "invalid_body",
            AppError::UnsupportedMediaType => "unsupported_media_type",
            AppError::BodyTooLarge => "body_too_large",
            AppError::UnreadableBody(_) => "unreadable_body",
            AppError::RequestTimeout => "request_timeout",
            AppError::UriTooLong { .. } => "uri_too_long",
            AppError::TooManyHeaders { .. } | AppError::HeadersTooLarge { .. } => {
                "headers_too_large"
            }
            AppError::InvalidBatch(_) => "invalid_batch",
            AppError::InvalidQuery(_) => "invalid_query",
            AppError::NotFound => "not_found",
            AppError::MethodNotAllowed => "method_not_allowed",
            AppError::Busy(_) => "busy",
            AppError::Database(_) | AppError::Internal(_) => "internal",
            AppError::Auth(e) => e.code(),
            AppError::Org(_) => "invalid_org",
            AppError::Credential(_) => "invalid_account",
            AppError::UsernameTaken => "username_taken",
            AppError::Import(e) => e.code(),
            AppError::Setup(e) => e.code(),
            AppError::Report(e) => e.code(),
            AppError::Photo(e) => e.code(),
            AppError::Catalogue(e) => e.code(),
        }
    }

    /// The English sentence sent to the client (never a 5xx's details).
    fn message_en(&self) -> String {
        match self {
            AppError::Busy(_) => "The server is busy; try again shortly.".into(),
            AppError::Database(_)
            | AppError::Internal(_)
            | AppError::Import(ImportError::Db(_)) => "internal error".into(),
            AppError::Import(e) => e.message(Lang::En),
            AppError::Setup(e) => e.message(Lang::En),
            AppError::Report(e) => e.message(Lang::En),
            AppError::Photo(e) => e.message(Lang::En),
            AppError::Catalogue(e) => e.message(Lang::En),
            AppError::BodyTooLarge => {
                "The body (after decompression, if compressed) is larger than this endpoint accepts."
                    .into()
            }
            AppError::Auth(e) => e.message(Lang::En),
            AppError::Org(e) => e.message(Lang::En),
            AppError::Credential(e) => e.message(Lang::En).into(),
            AppError::UsernameTaken => "That username is taken.".into(),
            AppError::NotFound => "No such resource.".into(),
            AppError::MethodNotAllowed => "This method is not allowed here.".into(),
            other => text::capitalise(&other.to_string()),
        }
    }

    /// The same in Chinese. Parser details (serde's text) stay in English.
    fn message_zh(&self) -> String {
        match self {
            AppError::InvalidJson(d) => format!("请求内容不是有效的JSON：{d}"),
            AppError::InvalidBody(d) => format!("请求内容的字段不符合要求：{d}"),
            AppError::UnsupportedMediaType => {
                "请求内容必须是JSON（Content-Type: application/json）".into()
            }
            AppError::BodyTooLarge => "请求内容过大（压缩的内容按解压后的大小计）".into(),
            AppError::UnreadableBody(d) => format!("无法读取请求内容：{d}"),
            AppError::RequestTimeout => "未能及时收到请求，请重试".into(),
            AppError::UriTooLong { bytes, max } => {
                format!("请求地址过长（{bytes}字节，最多{max}字节）")
            }
            AppError::TooManyHeaders { count, max } => {
                format!("请求头字段过多（{count}个，最多{max}个）")
            }
            AppError::HeadersTooLarge { bytes, max } => {
                format!("请求头过大（{bytes}字节，最多{max}字节）")
            }
            AppError::InvalidBatch(BatchError::TooMany(n)) => {
                format!("一批最多提交{MAX_BATCH}条变更，本批有{n}条")
            }
            AppError::InvalidBatch(BatchError::ZeroSeq) => "变更编号从1开始".into(),
            AppError::InvalidBatch(BatchError::SeqTooLarge(n)) => format!("变更编号{n}过大"),
            AppError::InvalidBatch(BatchError::NotConsecutive { prev, next }) => {
                format!("同一批内的变更编号必须逐一递增（{prev}之后是{next}）")
            }
            AppError::InvalidBatch(BatchError::RestoreBackwards { seq, through }) => {
                format!("编号{seq}的恢复必须覆盖到不小于它的编号，而不是{through}")
            }
            AppError::InvalidBatch(BatchError::RestoreTooMany(n)) => {
                format!("一次恢复最多带{MAX_BATCH}条记录，本次有{n}条")
            }
            AppError::InvalidQuery(d) => format!("查询参数不正确：{d}"),
            AppError::NotFound => "找不到该资源".into(),
            AppError::MethodNotAllowed => "不支持该请求方法".into(),
            AppError::Busy(_) => "服务器繁忙，请稍后重试".into(),
            AppError::Database(_) | AppError::Internal(_) => "服务器内部错误".into(),
            AppError::Auth(e) => e.message(Lang::Zh),
            AppError::Org(e) => e.message(Lang::Zh),
            AppError::Credential(e) => e.message(Lang::Zh).into(),
            AppError::UsernameTaken => "该用户名已被使用".into(),
            AppError::Import(e) => e.message(Lang::Zh),
            AppError::Setup(e) => e.message(Lang::Zh),
            AppError::Report(e) => e.message(Lang::Zh),
            AppError::Photo(e) => e.message(Lang::Zh),
            AppError::Catalogue(e) => e.message(Lang::Zh),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            // `{:#}`-style chain: the source carries the database's own words.
            let source = std::error::Error::source(&self).map(ToString::to_string);
            tracing::error!(code = self.code(), error = %self, source = ?source, "request failed");
        } else {
            tracing::debug!(code = self.code(), error = %self, "request refused");
        }
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.message_en(),
                message_zh: self.message_zh(),
            },
        };
        // axum adds `Allow` to a route's 405 itself; the static side adds its own.
        let mut response = (status, Json(body)).into_response();
        let retry_after = match &self {
            AppError::Busy(_) => Some(1),
            AppError::Auth(e) => e.retry_after_secs(),
            _ => None,
        };
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if let Some(held) = match &self {
            AppError::Photo(e) => e.held(),
            _ => None,
        } {
            // Where a refused chunk's upload stands: resume from there.
            response
                .headers_mut()
                .insert(crate::photos::UPLOAD_OFFSET, HeaderValue::from(held));
        }
        if status == StatusCode::UNAUTHORIZED {
            // RFC 6750: say which scheme would be accepted.
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;

    async fn body_of(e: AppError) -> (StatusCode, serde_json::Value) {
        let response = e.into_response();
        let status = response.status();
        let bytes = to_bytes(response.into_body(), 4096).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn internal_details_stay_in_the_log() {
        let e = AppError::from(DbError::Corrupt("secret table layout".into()));
        let (status, v) = body_of(e).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(v["error"]["code"], "internal");
        assert_eq!(v["error"]["message"], "internal error");
        assert!(!v.to_string().contains("secret"));
    }

    #[tokio::test]
    async fn batch_errors_speak_both_languages() {
        let (status, v) = body_of(BatchError::NotConsecutive { prev: 1, next: 3 }.into()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(v["error"]["code"], "invalid_batch");
        assert_eq!(
            v["error"]["message"],
            "Invalid batch: change numbers must increase by one within a batch (after 1 came 3)"
        );
        assert_eq!(
            v["error"]["message_zh"],
            "同一批内的变更编号必须逐一递增（1之后是3）"
        );
    }
}
