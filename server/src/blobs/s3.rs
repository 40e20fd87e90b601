//! [`S3Store`]: blobs in S3-compatible object storage (`--blobs
//! s3://bucket/prefix`), through the `object_store` crate, for deployments
//! whose server processes share one bucket. Endpoint, region and
//! credentials come from the usual environment (`AWS_ENDPOINT_URL`,
//! `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//! `AWS_ALLOW_HTTP` for a plain-HTTP endpoint such as a test server).
//!
//! Finished blobs are `ab/cd/<sha256>` under the prefix, as the directory
//! store lays them out, so a directory copied into a bucket (`aws s3 sync
//! photos/ s3://bucket/prefix/`) is a store. A partial blob is one object
//! per chunk under `partial/<sha256>/` ([`super::parts`] says why and
//! how); finishing puts the checked bytes as one object (a single PUT: a
//! reader sees all of it or none) and only then removes the parts.

use super::parts::{self, Part};
use super::{BlobError, BlobStore, BoxFuture, Held, Listed};
use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::path::Path;
use object_store::prefix::PrefixStore;
use object_store::{ObjectMeta, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// How many parts are read at once while a blob is put together.
const READS_AT_ONCE: usize = 8;

/// A failing request is tried again a few times within seconds, not
/// `object_store`'s default 10 times within 3 minutes: a chunk takes up to
/// four requests, and a store that is down must be answered (500; the
/// phone keeps the photo and tries later) well within the request timeout.
fn retries() -> RetryConfig {
    RetryConfig {
        max_retries: 3,
        retry_timeout: Duration::from_secs(15),
        ..RetryConfig::default()
    }
}

/// Where `--blobs s3://bucket/prefix` points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Location {
    pub bucket: String,
    /// The keys' common beginning, without slashes at its ends ("" for none).
    pub prefix: String,
}

impl S3Location {
    /// `s3://bucket` or `s3://bucket/some/prefix/`; `None` for anything else.
    pub fn parse(url: &str) -> Option<Self> {
        let rest = url.strip_prefix("s3://")?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() || bucket.contains(['?', '#', '@', ':']) {
            return None;
        }
        Some(Self {
            bucket: bucket.to_owned(),
            prefix: prefix.trim_matches('/').to_owned(),
        })
    }

    /// An `object_store` client for it from the `AWS_*` environment,
    /// its keys relative to the prefix. Nothing is sent yet.
    pub fn client(&self) -> Result<Arc<dyn ObjectStore>, BlobError> {
        self.client_from(AmazonS3Builder::from_env())
    }

    /// [`S3Location::client`] from a builder configured otherwise.
    pub fn client_from(&self, builder: AmazonS3Builder) -> Result<Arc<dyn ObjectStore>, BlobError> {
        let s3 = builder
            .with_bucket_name(&self.bucket)
            .with_retry(retries())
            .build()?;
        Ok(if self.prefix.is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(PrefixStore::new(s3, self.prefix.as_str()))
        })
    }
}

impl fmt::Display for S3Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.prefix)
    }
}

/// The object-storage backend.
#[derive(Debug, Clone)]
pub struct S3Store {
    objects: Arc<dyn ObjectStore>,
}

impl S3Store {
    /// A store at `location`, configured from the environment.
    pub fn new(location: &S3Location) -> Result<Self, BlobError> {
        Ok(Self::over(location.client()?))
    }

    /// A store over any object store (tests use an in-memory one).
    pub fn over(objects: Arc<dyn ObjectStore>) -> Self {
        Self { objects }
    }

    /// The finished blob's key: fanned out as in the directory store.
    fn finished(sha256: &str) -> Path {
        let pair = |i: usize| sha256.get(i..i + 2).unwrap_or("__");
        Path::from_iter([pair(0), pair(2), sha256])
    }

    fn partial_dir(sha256: &str) -> Path {
        Path::from_iter(["partial", sha256])
    }

    /// The parts of `sha256`'s partial blob, with when each was written.
    async fn parts(&self, sha256: &str) -> Result<Vec<(Part, ObjectMeta)>, BlobError> {
        let listed: Vec<ObjectMeta> = self
            .objects
            .list(Some(&Self::partial_dir(sha256)))
            .try_collect()
            .await?;
        Ok(listed
            .into_iter()
            .filter_map(|meta| {
                let part = Part::parse(meta.location.filename()?)?;
                // An object whose size is not its name's is no part of ours.
                (meta.size == part.size()).then_some((part, meta))
            })
            .collect())
    }

    /// Removes `paths`; one already gone is fine.
    async fn remove(&self, paths: Vec<Path>) -> Result<(), BlobError> {
        let stream = futures_util::stream::iter(paths.into_iter().map(Ok)).boxed();
        let results: Vec<_> = self.objects.delete_stream(stream).collect().await;
        for result in results {
            match result {
                Ok(_) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }
}

/// `Some` of what was found, `None` where nothing is.
fn found<T>(result: object_store::Result<T>) -> Result<Option<T>, BlobError> {
    match result {
        Ok(t) => Ok(Some(t)),
        Err(object_store::Error::NotFound { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

impl BlobStore for S3Store {
    fn held<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<Held, BlobError>> {
        Box::pin(async move {
            if let Some(meta) = found(self.objects.head(&Self::finished(sha256)).await)? {
                return Ok(Held::Complete(meta.size));
            }
            let parts: Vec<Part> = self.parts(sha256).await?.into_iter().map(|p| p.0).collect();
            Ok(Held::Partial(parts::held(&parts)))
        })
    }

    fn put_chunk<'a>(
        &'a self,
        sha256: &'a str,
        offset: u64,
        bytes: &'a [u8],
    ) -> BoxFuture<'a, Result<u64, BlobError>> {
        Box::pin(async move {
            let parts: Vec<Part> = self.parts(sha256).await?.into_iter().map(|p| p.0).collect();
            let held = parts::held(&parts);
            if offset > held {
                return Err(BlobError::Gap { offset, held });
            }
            let end = offset + bytes.len() as u64;
            // Bytes already held are not written again: a resend adds nothing.
            if end > held {
                let name = Part { offset, end }.name();
                let path = Self::partial_dir(sha256).join(name.as_str());
                self.objects
                    .put(&path, PutPayload::from(bytes.to_vec()))
                    .await?;
            }
            Ok(held.max(end))
        })
    }

    fn partial<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<Vec<u8>, BlobError>> {
        Box::pin(async move {
            let parts: Vec<Part> = self.parts(sha256).await?.into_iter().map(|p| p.0).collect();
            let plan = parts::plan(&parts);
            let dir = Self::partial_dir(sha256);
            let mut reads = futures_util::stream::iter(plan.into_iter().map(|read| {
                let path = dir.clone().join(read.part.name().as_str());
                async move {
                    let got = match found(self.objects.get(&path).await)? {
                        Some(got) => Some(got.bytes().await?),
                        None => None,
                    };
                    Ok::<_, BlobError>((read, got))
                }
            }))
            .buffered(READS_AT_ONCE);
            let mut out = Vec::new();
            while let Some((read, got)) = reads.try_next().await? {
                // A part gone meanwhile (another process finished or
                // discarded the blob): what was read before it is all there is.
                let Some(bytes) = got else { break };
                let skip = usize::try_from(read.skip).unwrap_or(usize::MAX);
                out.extend_from_slice(bytes.get(skip..).unwrap_or_default());
            }
            Ok(out)
        })
    }

    fn finish<'a>(
        &'a self,
        sha256: &'a str,
        checked: &'a [u8],
    ) -> BoxFuture<'a, Result<(), BlobError>> {
        Box::pin(async move {
            self.objects
                .put(&Self::finished(sha256), PutPayload::from(checked.to_vec()))
                .await?;
            // The blob is whole and readable now; parts left behind by a
            // failure here are an abandoned upload for `gc-photos`.
            if let Err(e) = self.discard(sha256).await {
                tracing::warn!(%sha256, error = %e, "finished photo's parts not removed");
            }
            Ok(())
        })
    }

    fn discard<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<(), BlobError>> {
        Box::pin(async move {
            // Every object there, parts or not (`list` shows them to `gc-photos`).
            let objects: Vec<Path> = self
                .objects
                .list(Some(&Self::partial_dir(sha256)))
                .map_ok(|meta| meta.location)
                .try_collect()
                .await?;
            self.remove(objects).await
        })
    }

    fn get<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<Option<Vec<u8>>, BlobError>> {
        Box::pin(async move {
            match found(self.objects.get(&Self::finished(sha256)).await)? {
                Some(got) => Ok(Some(got.bytes().await?.to_vec())),
                None => Ok(None),
            }
        })
    }

    fn list(&self) -> BoxFuture<'_, Result<Vec<Listed>, BlobError>> {
        Box::pin(async move {
            let objects: Vec<ObjectMeta> = self.objects.list(None).try_collect().await?;
            // By hash and kind, as written last (a partial blob's newest part);
            // in the order the directory store lists.
            let mut blobs: BTreeMap<(String, bool), i64> = BTreeMap::new();
            for meta in &objects {
                let segments: Vec<_> = meta.location.parts().collect();
                let keys: Vec<&str> = segments.iter().map(|p| p.as_ref()).collect();
                let (sha256, partial) = match keys.as_slice() {
                    [_, _, sha] if Self::finished(sha) == meta.location => (*sha, false),
                    ["partial", sha, part] if Part::parse(part).is_some() => (*sha, true),
                    _ => continue, // not ours
                };
                if shared::photo::is_sha256_hex(sha256) {
                    let newest = blobs
                        .entry((sha256.to_owned(), partial))
                        .or_insert(i64::MIN);
                    *newest = (*newest).max(meta.last_modified.timestamp_millis());
                }
            }
            Ok(blobs
                .into_iter()
                .map(|((sha256, partial), modified_ms)| Listed {
                    sha256,
                    partial,
                    modified_ms,
                })
                .collect())
        })
    }

    fn delete<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<(), BlobError>> {
        Box::pin(async move {
            self.remove(vec![Self::finished(sha256)]).await?;
            self.discard(sha256).await
        })
    }
}

#[cfg(test)]
#[path = "s3_tests.rs"]
mod tests;
