//! [`DirStore`]: blobs as files in a directory, fanned out by hash so that
//! no directory grows huge: `ab/cd/abcd…` for finished blobs, and
//! `partial/ab/cd/abcd…` for blobs being received (`partial` is no hex pair,
//! so the two never meet). Finishing is a rename within the directory: a
//! reader sees the whole file or none.

use super::{BlobError, BlobStore, BoxFuture, Held, Listed};
use std::io::{ErrorKind, SeekFrom};
use std::path::{Path, PathBuf};
use tokio::fs;
use tokio::io::{AsyncSeekExt, AsyncWriteExt};

/// The directory backend.
#[derive(Debug, Clone)]
pub struct DirStore {
    root: PathBuf,
}

impl DirStore {
    /// A store in `root` (created, with its subdirectories, on first write).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The directory it keeps blobs in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn fanned(base: &Path, sha256: &str) -> PathBuf {
        // Callers pass checked hashes; a short one still maps somewhere safe.
        let pair = |i: usize| sha256.get(i..i + 2).unwrap_or("__");
        base.join(pair(0)).join(pair(2)).join(sha256)
    }

    fn finished(&self, sha256: &str) -> PathBuf {
        Self::fanned(&self.root, sha256)
    }

    fn partial_path(&self, sha256: &str) -> PathBuf {
        Self::fanned(&self.root.join("partial"), sha256)
    }
}

/// The length of the file at `path`, `None` if there is none.
async fn length(path: &Path) -> Result<Option<u64>, BlobError> {
    match fs::metadata(path).await {
        Ok(m) => Ok(Some(m.len())),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Removes the file at `path`; none there is fine.
async fn remove(path: &Path) -> Result<(), BlobError> {
    match fs::remove_file(path).await {
        Err(e) if e.kind() != ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

/// The fan-out directories (two hex digits) in `dir`; none if it is missing.
async fn subdirs(dir: &Path) -> Result<Vec<PathBuf>, BlobError> {
    let mut entries = match fs::read_dir(dir).await {
        Ok(e) => e,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut out = Vec::new();
    while let Some(entry) = entries.next_entry().await? {
        let name = entry.file_name();
        let pair = name.to_str().is_some_and(|n| {
            n.len() == 2 && n.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        });
        if pair && entry.file_type().await?.is_dir() {
            out.push(entry.path());
        }
    }
    Ok(out)
}

async fn parent_dir(path: &Path) -> Result<(), BlobError> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).await?;
    }
    Ok(())
}

impl BlobStore for DirStore {
    fn held<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<Held, BlobError>> {
        Box::pin(async move {
            if let Some(n) = length(&self.finished(sha256)).await? {
                return Ok(Held::Complete(n));
            }
            Ok(Held::Partial(
                length(&self.partial_path(sha256)).await?.unwrap_or(0),
            ))
        })
    }

    fn put_chunk<'a>(
        &'a self,
        sha256: &'a str,
        offset: u64,
        bytes: &'a [u8],
    ) -> BoxFuture<'a, Result<u64, BlobError>> {
        Box::pin(async move {
            let path = self.partial_path(sha256);
            parent_dir(&path).await?;
            // Never truncated: a resend writes the same bytes over themselves.
            // Created only from the start: a chunk after a blob another
            // process finished meanwhile leaves no empty file behind.
            let opened = fs::OpenOptions::new()
                .create(offset == 0)
                .write(true)
                .truncate(false)
                .open(&path)
                .await;
            let mut file = match opened {
                Ok(file) => file,
                Err(e) if e.kind() == ErrorKind::NotFound => {
                    return Err(BlobError::Gap { offset, held: 0 })
                }
                Err(e) => return Err(e.into()),
            };
            let held = file.metadata().await?.len();
            if offset > held {
                return Err(BlobError::Gap { offset, held });
            }
            file.seek(SeekFrom::Start(offset)).await?;
            file.write_all(bytes).await?;
            file.flush().await?;
            Ok(held.max(offset + bytes.len() as u64))
        })
    }

    fn partial<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<Vec<u8>, BlobError>> {
        Box::pin(async move {
            match fs::read(self.partial_path(sha256)).await {
                Ok(bytes) => Ok(bytes),
                Err(e) if e.kind() == ErrorKind::NotFound => Ok(Vec::new()),
                Err(e) => Err(e.into()),
            }
        })
    }

    fn finish<'a>(
        &'a self,
        sha256: &'a str,
        _checked: &'a [u8],
    ) -> BoxFuture<'a, Result<(), BlobError>> {
        // The partial file holds the checked bytes (chunks of one blob are
        // taken one at a time): renamed, not written again.
        Box::pin(async move {
            let from = self.partial_path(sha256);
            let to = self.finished(sha256);
            let renamed = async {
                // On disk before it is named: a crash leaves a partial blob, not a torn one.
                fs::File::open(&from).await?.sync_all().await?;
                parent_dir(&to).await?;
                fs::rename(&from, &to).await?;
                Ok::<_, BlobError>(())
            };
            match renamed.await {
                // Renamed by another process a moment ago.
                Err(BlobError::Io(e))
                    if e.kind() == ErrorKind::NotFound && length(&to).await?.is_some() =>
                {
                    Ok(())
                }
                other => other,
            }
        })
    }

    fn discard<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<(), BlobError>> {
        Box::pin(async move { remove(&self.partial_path(sha256)).await })
    }

    fn get<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<Option<Vec<u8>>, BlobError>> {
        Box::pin(async move {
            match fs::read(self.finished(sha256)).await {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
    }

    fn list(&self) -> BoxFuture<'_, Result<Vec<Listed>, BlobError>> {
        Box::pin(async move {
            let mut out = Vec::new();
            for (base, partial) in [
                (self.root.clone(), false),
                (self.root.join("partial"), true),
            ] {
                // Two levels of hex pairs, then the files named by their hash.
                for first in subdirs(&base).await? {
                    for second in subdirs(&first).await? {
                        let mut files = match fs::read_dir(&second).await {
                            Ok(f) => f,
                            Err(e) if e.kind() == ErrorKind::NotFound => continue,
                            Err(e) => return Err(e.into()),
                        };
                        while let Some(file) = files.next_entry().await? {
                            let name = file.file_name().to_string_lossy().into_owned();
                            let meta = file.metadata().await?;
                            if !meta.is_file() || !shared::photo::is_sha256_hex(&name) {
                                continue;
                            }
                            let modified_ms = meta
                                .modified()
                                .ok()
                                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
                            out.push(Listed {
                                sha256: name,
                                partial,
                                modified_ms,
                            });
                        }
                    }
                }
            }
            out.sort_by(|a, b| (&a.sha256, a.partial).cmp(&(&b.sha256, b.partial)));
            Ok(out)
        })
    }

    fn delete<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<(), BlobError>> {
        Box::pin(async move {
            remove(&self.finished(sha256)).await?;
            remove(&self.partial_path(sha256)).await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(c: char) -> String {
        c.to_string().repeat(64)
    }

    #[tokio::test]
    async fn chunks_at_any_offset_up_to_the_end_and_finish_by_rename() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::new(dir.path());
        let h = hash('a');
        assert_eq!(store.held(&h).await.unwrap(), Held::Partial(0));
        assert_eq!(store.put_chunk(&h, 0, b"hello ").await.unwrap(), 6);
        // A resend from the start, and one overlapping the end.
        assert_eq!(store.put_chunk(&h, 0, b"hel").await.unwrap(), 6);
        assert_eq!(store.put_chunk(&h, 4, b"o world").await.unwrap(), 11);
        assert!(matches!(
            store.put_chunk(&h, 12, b"!").await,
            Err(BlobError::Gap {
                offset: 12,
                held: 11
            })
        ));
        assert_eq!(store.held(&h).await.unwrap(), Held::Partial(11));
        assert_eq!(
            store.get(&h).await.unwrap(),
            None,
            "never served half-received"
        );
        assert_eq!(store.partial(&h).await.unwrap(), b"hello world");
        store.finish(&h, b"hello world").await.unwrap();
        assert_eq!(store.held(&h).await.unwrap(), Held::Complete(11));
        // Finished again (by another process): no error, nothing changes.
        store.finish(&h, b"hello world").await.unwrap();
        // A late chunk of it leaves no partial file behind.
        assert!(matches!(
            store.put_chunk(&h, 6, b"world").await,
            Err(BlobError::Gap { offset: 6, held: 0 })
        ));
        assert!(!dir.path().join("partial/aa/aa").join(&h).exists());
        assert_eq!(store.get(&h).await.unwrap().unwrap(), b"hello world");
        assert!(
            dir.path().join("aa/aa").join(&h).is_file(),
            "fanned out by hash"
        );
        store.delete(&h).await.unwrap();
        store.delete(&h).await.unwrap();
        assert_eq!(store.held(&h).await.unwrap(), Held::Partial(0));
    }

    #[tokio::test]
    async fn a_discarded_partial_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let store = DirStore::new(dir.path());
        let h = hash('b');
        store.put_chunk(&h, 0, b"junk").await.unwrap();
        store.discard(&h).await.unwrap();
        store.discard(&h).await.unwrap();
        assert_eq!(store.held(&h).await.unwrap(), Held::Partial(0));
    }
}
