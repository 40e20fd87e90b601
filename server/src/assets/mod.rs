//! The built frontend (`frontend/dist/`), held in memory and served by
//! [`serve::serve_static`].
//!
//! [`Assets`] is built from (path, bytes) pairs, so where they come from is
//! a separate question ([`load`]): embedded in release builds (one binary to
//! deploy), read from disk in debug builds or with `--static-dir`, or a fixture
//! in tests. Precompressed siblings `X.br` / `X.gz` become variants of `X`,
//! chosen per request by `Accept-Encoding`; they are never served on their own.

pub mod load;
pub mod serve;

use axum::body::Bytes;
use axum::http::HeaderValue;
use std::collections::HashMap;

/// Cache policies. Files under `assets/` carry the build hash in their path, so
/// they never change; the entry points must be revalidated so a new build is
/// picked up (the service worker's own update check depends on `sw.js`).
const NO_CACHE: &str = "no-cache";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const ONE_DAY: &str = "public, max-age=86400";

/// The files of the frontend build, by path relative to its root (`index.html`,
/// `assets/<hash>/frontend_bg.wasm`, …).
#[derive(Debug, Default)]
pub struct Assets {
    files: HashMap<String, Asset>,
}

/// One servable file with its precomputed headers and encodings.
#[derive(Debug)]
pub(crate) struct Asset {
    pub content_type: &'static str,
    pub cache_control: &'static str,
    pub identity: Variant,
    pub br: Option<Variant>,
    pub gzip: Option<Variant>,
}

/// One encoding of a file.
#[derive(Debug)]
pub(crate) struct Variant {
    pub bytes: Bytes,
    /// Strong validator of exactly these bytes (so each encoding has its own).
    pub etag: HeaderValue,
}

impl Variant {
    fn new(bytes: Bytes) -> Self {
        let etag = HeaderValue::from_str(&format!("\"{:016x}\"", fnv1a64(&bytes)))
            .unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
        Self { bytes, etag }
    }
}

impl Assets {
    /// No files: the API still works, the pages say "not found".
    pub fn empty() -> Self {
        Self::default()
    }

    /// Builds the set from (path, bytes) pairs; paths are relative to the
    /// frontend's root, with `/` separators (a leading `/` is ignored).
    pub fn from_files<I, P, B>(files: I) -> Self
    where
        I: IntoIterator<Item = (P, B)>,
        P: AsRef<str>,
        B: Into<Bytes>,
    {
        let raw: HashMap<String, Bytes> = files
            .into_iter()
            .map(|(path, bytes)| (normalise(path.as_ref()), bytes.into()))
            .collect();
        let is_sibling = |path: &str| {
            [".br", ".gz"].iter().any(|ext| {
                path.strip_suffix(ext)
                    .is_some_and(|base| raw.contains_key(base))
            })
        };
        let files = raw
            .iter()
            .filter(|(path, _)| !is_sibling(path))
            .map(|(path, bytes)| {
                let sibling =
                    |ext: &str| raw.get(&format!("{path}{ext}")).cloned().map(Variant::new);
                let asset = Asset {
                    content_type: content_type(path),
                    cache_control: cache_control(path),
                    identity: Variant::new(bytes.clone()),
                    br: sibling(".br"),
                    gzip: sibling(".gz"),
                };
                (path.clone(), asset)
            })
            .collect();
        Self { files }
    }

    /// Number of servable files (precompressed siblings not counted).
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether the app's entry page is there.
    pub fn has_index(&self) -> bool {
        self.files.contains_key(INDEX)
    }

    pub(crate) fn get(&self, path: &str) -> Option<&Asset> {
        self.files.get(path)
    }
}

/// The SPA's entry page.
pub(crate) const INDEX: &str = "index.html";

fn normalise(path: &str) -> String {
    path.replace('\\', "/").trim_start_matches('/').to_owned()
}

/// The Content-Type by extension; text types say UTF-8 so Chinese never garbles.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        "json" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The Cache-Control by place in the build (see the constants' comment).
pub(crate) fn cache_control(path: &str) -> &'static str {
    if path.starts_with("assets/") {
        IMMUTABLE
    } else if path.starts_with("icons/") {
        ONE_DAY
    } else {
        // index.html, sw.js, manifest.webmanifest, and anything unforeseen.
        NO_CACHE
    }
}

/// FNV-1a, 64 bit: stable across builds and Rust versions, ample for ETags.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_become_variants() {
        let assets = Assets::from_files([
            ("/index.html", &b"<html>"[..]),
            ("index.html.br", b"br"),
            ("index.html.gz", b"gz"),
            ("lonely.gz", b"gz"),
        ]);
        assert_eq!(assets.len(), 2);
        let index = assets.get("index.html").unwrap();
        assert_eq!(&index.br.as_ref().unwrap().bytes[..], b"br");
        assert_eq!(&index.gzip.as_ref().unwrap().bytes[..], b"gz");
        assert_ne!(index.identity.etag, index.br.as_ref().unwrap().etag);
        // A .gz with no base file is a file in its own right.
        assert!(assets.get("lonely.gz").is_some());
        assert!(assets.get("index.html.br").is_none());
    }

    #[test]
    fn policies_by_path() {
        assert_eq!(
            content_type("assets/x/frontend_bg.wasm"),
            "application/wasm"
        );
        assert_eq!(
            content_type("manifest.webmanifest"),
            "application/manifest+json"
        );
        assert_eq!(cache_control("assets/abc/app.css"), IMMUTABLE);
        assert_eq!(cache_control("icons/192.png"), ONE_DAY);
        assert_eq!(cache_control("sw.js"), NO_CACHE);
    }
}
