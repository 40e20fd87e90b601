//! Photos on the server: receiving a blob in chunks and checking it before
//! it becomes readable ([`upload`]), what a finished blob must be
//! ([`check`]: its hash, a JPEG/WebP/PNG image of sane dimensions), and why
//! a request about a photo is refused ([`PhotoError`], mapped once to HTTP
//! here and wrapped by `crate::error::AppError`). Who may read a photo is
//! `crate::db::photos`; the bytes live in a `crate::blobs::BlobStore`.

pub mod check;
pub mod gc;
pub mod upload;

use crate::blobs::BlobError;
use axum::http::StatusCode;
use shared::photo::reference::{MAX_PHOTO_BYTES, MAX_PHOTO_SIDE};
use shared::Lang;

/// The header that carries what the server holds of an upload (as in the
/// tus protocol): on every answer about an upload, refusals included.
pub const UPLOAD_OFFSET: &str = "upload-offset";

/// Why a photo request is refused.
#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    /// The blob would be larger than a photo may be.
    #[error("a photo may be at most {MAX_PHOTO_BYTES} bytes, not {total}")]
    TooLarge { total: u64 },
    /// An empty blob, or a chunk reaching past the total it names.
    #[error("the chunk {offset}..{end} does not fit a blob of {total} bytes")]
    BadChunk { offset: u64, end: u64, total: u64 },
    /// A chunk starting after what the server holds (the phone must resume
    /// from `held`, sent in the `Upload-Offset` header too).
    #[error("the chunk starts at {offset}; the server holds {held} bytes: send from there")]
    Gap { offset: u64, held: u64 },
    /// The bytes received do not have the SHA-256 they were sent under.
    #[error("the bytes received do not have the SHA-256 {sha256}")]
    WrongHash { sha256: String },
    /// Not a JPEG, WebP or PNG image (by its header).
    #[error("the bytes are not a JPEG, WebP or PNG image")]
    NotAnImage,
    /// An image larger than [`MAX_PHOTO_SIDE`] on a side (or of no size).
    #[error("the image is {width}×{height} pixels; at most {MAX_PHOTO_SIDE}×{MAX_PHOTO_SIDE} are accepted")]
    BadDimensions { width: usize, height: usize },
    /// The blob storage failed: never the client's fault.
    #[error(transparent)]
    Store(BlobError),
}

impl From<BlobError> for PhotoError {
    fn from(e: BlobError) -> Self {
        match e {
            BlobError::Gap { offset, held } => PhotoError::Gap { offset, held },
            other => PhotoError::Store(other),
        }
    }
}

impl PhotoError {
    /// The HTTP status of a refusal (storage failures are answered by
    /// `crate::error`, as every internal failure is).
    pub fn status(&self) -> StatusCode {
        match self {
            PhotoError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            PhotoError::BadChunk { .. } => StatusCode::BAD_REQUEST,
            PhotoError::Gap { .. } => StatusCode::CONFLICT,
            PhotoError::WrongHash { .. }
            | PhotoError::NotAnImage
            | PhotoError::BadDimensions { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            PhotoError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable, machine-readable code: the phone decides on it (resume
    /// from `Upload-Offset` for `upload_offset`; keep the photo, marked
    /// refused, for the others).
    pub fn code(&self) -> &'static str {
        match self {
            PhotoError::TooLarge { .. } => "photo_too_large",
            PhotoError::BadChunk { .. } => "invalid_chunk",
            PhotoError::Gap { .. } => "upload_offset",
            PhotoError::WrongHash { .. } => "photo_hash_mismatch",
            PhotoError::NotAnImage => "not_an_image",
            PhotoError::BadDimensions { .. } => "photo_dimensions",
            PhotoError::Store(_) => "internal",
        }
    }

    /// A sentence for the person (never the storage's details).
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            PhotoError::TooLarge { total } if zh => {
                format!("照片最大{MAX_PHOTO_BYTES}字节，这张有{total}字节")
            }
            PhotoError::BadChunk { offset, end, total } if zh => {
                format!("上传的片段{offset}..{end}与照片大小{total}字节不符")
            }
            PhotoError::Gap { held, .. } if zh => {
                format!("服务器只收到了前{held}字节，请从那里继续上传")
            }
            PhotoError::WrongHash { .. } if zh => "收到的照片与其SHA-256不符，请重新上传".into(),
            PhotoError::NotAnImage if zh => "这不是JPEG、WebP或PNG图片".into(),
            PhotoError::BadDimensions { width, height } if zh => {
                format!("图片为{width}×{height}像素，最大{MAX_PHOTO_SIDE}×{MAX_PHOTO_SIDE}像素")
            }
            PhotoError::Store(_) if zh => "服务器内部错误".into(),
            PhotoError::Store(_) => "internal error".into(),
            other => shared::text::capitalise(&other.to_string()) + ".",
        }
    }

    /// What the server holds, for the `Upload-Offset` header of a refusal.
    pub fn held(&self) -> Option<u64> {
        match self {
            PhotoError::Gap { held, .. } => Some(*held),
            _ => None,
        }
    }
}
