//! Photo test support: images made byte by byte (a real grayscale PNG of
//! any size, header-only JPEG and WebP files whose headers claim any
//! dimensions), their hashes, a router over a blob store the test can look
//! into, and the upload requests.
//!
//! The store is a new directory, or, when `JINGUO_TEST_S3` names a bucket
//! (`s3://bucket`: `scripts/test.sh` runs the photo tests again under
//! `scripts/s3.sh`, which starts an S3-compatible server and exports its
//! `AWS_*` settings and `JINGUO_S3_URL`), a new prefix in that bucket: the
//! same tests pass against both backends.
#![allow(dead_code)]

use crate::common::{call, with_token, Reply, TestApp};
use axum::body::Body;
use axum::http::{Method, Request};
use axum::Router;
use futures_util::TryStreamExt;
use object_store::ObjectStore;
use server::assets::Assets;
use server::blobs::s3::S3Location;
use server::blobs::BlobStore;
use server::AppState;
use sha2::{Digest, Sha256};
use shared::api::{photo_path, photo_upload_path};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempDir;

/// The environment variable naming the S3 bucket to test against.
pub const S3_VAR: &str = "JINGUO_TEST_S3";

/// The bucket to test against, if any.
fn s3_base() -> Option<String> {
    std::env::var(S3_VAR).ok().filter(|url| !url.is_empty())
}

/// True when the photo tests run against object storage.
pub fn on_s3() -> bool {
    s3_base().is_some()
}

/// SHA-256 of `bytes`, as the API spells it.
pub fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where a finished blob is in either store: fanned out by its hash.
pub fn fanned(sha256: &str) -> String {
    format!("{}/{}/{sha256}", &sha256[..2], &sha256[2..4])
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// zlib with stored (uncompressed) blocks: valid, and as big as the data.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = if data.is_empty() {
        vec![&[]]
    } else {
        data.chunks(65_535).collect()
    };
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

/// A valid grayscale PNG of `width`×`height` whose pixels come from `seed`
/// (uncompressed, so about `width × height` bytes).
pub fn png(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let mut raw = Vec::with_capacity(((width + 1) * height) as usize);
    let mut x = u32::from(seed).wrapping_mul(2_654_435_761).wrapping_add(1);
    for _ in 0..height {
        // Each row: its filter byte (none), then its pixels.
        raw.extend((0..=width).map(|i| {
            if i == 0 {
                return 0;
            }
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        }));
    }
    png_with(width, height, &zlib_stored(&raw))
}

/// A PNG whose header says `width`×`height` over `idat` (for sizes no test
/// should allocate: the server reads headers only).
pub fn png_with(width: u32, height: u32, idat: &[u8]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit grayscale
    png_chunk(&mut out, b"IHDR", &ihdr);
    png_chunk(&mut out, b"IDAT", idat);
    png_chunk(&mut out, b"IEND", &[]);
    out
}

/// A JPEG's markers up to its frame header (SOF0), saying `width`×`height`.
pub fn jpeg_header(width: u16, height: u16) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8]; // SOI
    out.extend_from_slice(&[0xFF, 0xE0, 0, 16]); // APP0 JFIF
    out.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    out.extend_from_slice(&[0xFF, 0xC0, 0, 11, 8]); // SOF0, 8-bit
    out.extend_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&width.to_be_bytes());
    out.extend_from_slice(&[1, 1, 0x11, 0]); // one component
    out.extend_from_slice(&[0xFF, 0xD9]); // EOI
    out
}

/// A WebP (extended format) header saying `width`×`height`.
pub fn webp_header(width: u32, height: u32) -> Vec<u8> {
    let mut vp8x = vec![0u8; 4];
    vp8x.extend_from_slice(&(width - 1).to_le_bytes()[..3]);
    vp8x.extend_from_slice(&(height - 1).to_le_bytes()[..3]);
    let mut body = b"WEBPVP8X".to_vec();
    body.extend_from_slice(&(vp8x.len() as u32).to_le_bytes());
    body.extend_from_slice(&vp8x);
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// Where a [`PhotoApp`]'s blobs are, as the test looks into them.
enum Backing {
    Dir(TempDir),
    /// The bucket's objects under the test's prefix, read apart from the store.
    S3(Arc<dyn ObjectStore>),
}

/// A test app whose photos go to a store of its own that the test can look into.
pub struct PhotoApp {
    pub app: TestApp,
    pub router: Router,
    /// The store the router keeps photos in.
    pub store: Arc<dyn BlobStore>,
    /// The store as `--blobs` names it (a directory or `s3://bucket/prefix`).
    pub location: PathBuf,
    backing: Backing,
}

impl PhotoApp {
    pub async fn new() -> Self {
        let app = TestApp::new().await;
        let (location, backing) = match s3_base() {
            Some(bucket) => {
                let url = format!(
                    "{}/t-{}",
                    bucket.trim_end_matches('/'),
                    uuid::Uuid::now_v7().simple()
                );
                let objects = S3Location::parse(&url).unwrap().client().unwrap();
                (PathBuf::from(url), Backing::S3(objects))
            }
            None => {
                let dir = tempfile::tempdir().unwrap();
                (dir.path().to_owned(), Backing::Dir(dir))
            }
        };
        let store = server::blobs::open(&location).unwrap();
        let router = server::app(AppState {
            blobs: store.clone(),
            ..AppState::new(app.db.clone(), Arc::new(Assets::empty()))
        });
        PhotoApp {
            app,
            router,
            store,
            location,
            backing,
        }
    }

    /// Another server process on the same database and store: a router with
    /// locks of its own.
    pub fn another_process(&self) -> Router {
        server::app(AppState {
            blobs: server::blobs::open(&self.location).unwrap(),
            ..AppState::new(self.app.db.clone(), Arc::new(Assets::empty()))
        })
    }

    /// Every file under the blob directory, or object under the prefix
    /// (finished and partial), by its name there, sorted.
    pub async fn files(&self) -> Vec<String> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push(path);
                }
            }
        }
        let mut out: Vec<String> = match &self.backing {
            Backing::Dir(dir) => {
                let mut paths = Vec::new();
                walk(dir.path(), &mut paths);
                paths
                    .iter()
                    .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
                    .collect()
            }
            Backing::S3(objects) => objects
                .list(None)
                .map_ok(|meta| meta.location.to_string())
                .try_collect()
                .await
                .unwrap(),
        };
        out.sort();
        out
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        call(self.router.clone(), req).await
    }

    /// PUT bytes `offset..offset + chunk.len()` of a blob of `total` bytes.
    pub async fn put(
        &self,
        token: &str,
        hash: &str,
        offset: u64,
        total: u64,
        chunk: &[u8],
    ) -> Reply {
        self.put_via(&self.router, token, hash, offset, total, chunk)
            .await
    }

    /// [`PhotoApp::put`] to the process `router`.
    pub async fn put_via(
        &self,
        router: &Router,
        token: &str,
        hash: &str,
        offset: u64,
        total: u64,
        chunk: &[u8],
    ) -> Reply {
        let uri = format!("{}?offset={offset}&total={total}", photo_upload_path(hash));
        let req = Request::builder()
            .method(Method::PUT)
            .uri(uri)
            .header("content-type", "application/octet-stream")
            .body(Body::from(chunk.to_vec()))
            .unwrap();
        call(router.clone(), with_token(req, token)).await
    }

    /// What the server says it holds of `hash`.
    pub async fn status(&self, token: &str, hash: &str) -> Reply {
        self.get(token, &photo_upload_path(hash)).await
    }

    /// Uploads `bytes` whole, in `chunk`-byte pieces; the last answer.
    pub async fn upload(&self, token: &str, bytes: &[u8], chunk: usize) -> Reply {
        let hash = sha(bytes);
        let mut last = None;
        for (i, piece) in bytes.chunks(chunk).enumerate() {
            let reply = self
                .put(token, &hash, (i * chunk) as u64, bytes.len() as u64, piece)
                .await;
            assert!(
                reply.status.is_success() || i + 1 == bytes.len().div_ceil(chunk),
                "{}",
                reply.text()
            );
            last = Some(reply);
        }
        last.unwrap()
    }

    /// GET a photo's bytes.
    pub async fn photo(&self, token: &str, hash: &str) -> Reply {
        self.get(token, &photo_path(hash)).await
    }

    pub async fn get(&self, token: &str, uri: &str) -> Reply {
        let req = Request::builder().uri(uri).body(Body::empty()).unwrap();
        self.send(with_token(req, token)).await
    }
}
