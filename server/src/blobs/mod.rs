//! Where photo bytes live: a small store of blobs named by their SHA-256,
//! behind [`BlobStore`] so that a deployment of several server processes can
//! put them in shared object storage ([`s3::S3Store`], `--blobs
//! s3://bucket/prefix`) while one machine keeps a directory
//! ([`dir::DirStore`], the default: `photos/` beside the SQLite file).
//! [`open`] picks one from what `--blobs` says.
//!
//! A blob is received in pieces (`put_chunk`) into a *partial* blob, kept
//! apart from finished ones; only [`BlobStore::finish`] — after the caller
//! checked the bytes — makes it readable, at once and whole. So a
//! half-received photo is never served. What a blob must be (hash, image)
//! is `crate::photos`' business, not the store's.

pub mod dir;
pub mod parts;
pub mod s3;

use std::fmt::Debug;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;

/// A boxed future, so that [`BlobStore`] can be used as `dyn`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What the store holds of one blob.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// A partial blob of this many bytes (0: nothing at all).
    Partial(u64),
    /// The finished blob, of this many bytes.
    Complete(u64),
}

/// One blob as [`BlobStore::list`] finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Its name (the SHA-256 it is kept under).
    pub sha256: String,
    /// Whether it is a partial blob (an upload under way or abandoned).
    pub partial: bool,
    /// When it was last written, ms since the Unix epoch.
    pub modified_ms: i64,
}

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// A chunk would leave a gap: it starts after the partial blob's end.
    #[error("the chunk starts at {offset}, but only {held} bytes are held")]
    Gap { offset: u64, held: u64 },
    /// The disk failed.
    #[error("blob storage: {0}")]
    Io(#[from] std::io::Error),
    /// The object store failed, or could not be set up from the environment.
    #[error("object storage: {0}")]
    Object(#[from] object_store::Error),
    /// `--blobs` starts with `s3://` but names no bucket.
    #[error("{0:?} is not s3://bucket or s3://bucket/prefix")]
    Location(String),
}

/// A store of blobs named by SHA-256 (64 lowercase hex digits, checked by
/// the caller). Every operation is idempotent where it can be: a chunk
/// written again, a finish or delete repeated, change nothing more.
pub trait BlobStore: Send + Sync + Debug {
    /// What is held of `sha256`.
    fn held<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<Held, BlobError>>;

    /// Writes `bytes` at `offset` of the partial blob `sha256` (created
    /// if none); `offset` may be anywhere up to the partial blob's end, never
    /// beyond ([`BlobError::Gap`]). Returns the partial blob's length after.
    fn put_chunk<'a>(
        &'a self,
        sha256: &'a str,
        offset: u64,
        bytes: &'a [u8],
    ) -> BoxFuture<'a, Result<u64, BlobError>>;

    /// The partial blob's bytes, for the caller to check before finishing.
    fn partial<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<Vec<u8>, BlobError>>;

    /// Makes the partial blob the finished one, readable from now on,
    /// whole (a reader never sees part of it). `checked` are its bytes as
    /// [`BlobStore::partial`] gave them and the caller checked them: a store
    /// that cannot rename writes exactly those. Finishing a blob another
    /// process finished already is no error.
    fn finish<'a>(
        &'a self,
        sha256: &'a str,
        checked: &'a [u8],
    ) -> BoxFuture<'a, Result<(), BlobError>>;

    /// Forgets the partial blob (refused bytes).
    fn discard<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<(), BlobError>>;

    /// The finished blob's bytes, if there is one.
    fn get<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<Option<Vec<u8>>, BlobError>>;

    /// Every blob held, finished and partial (for `server gc-photos`).
    fn list(&self) -> BoxFuture<'_, Result<Vec<Listed>, BlobError>>;

    /// Removes the finished blob (and any partial one); nothing if none.
    fn delete<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<(), BlobError>>;
}

/// The store `--blobs` names: `s3://bucket/prefix` (configured from the
/// `AWS_*` environment), else a directory.
pub fn open(location: &Path) -> Result<Arc<dyn BlobStore>, BlobError> {
    match location.to_str().filter(|l| l.starts_with("s3://")) {
        Some(url) => {
            let at =
                s3::S3Location::parse(url).ok_or_else(|| BlobError::Location(url.to_owned()))?;
            Ok(Arc::new(s3::S3Store::new(&at)?))
        }
        None => Ok(Arc::new(dir::DirStore::new(location))),
    }
}
