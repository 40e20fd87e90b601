//! Where the frontend's files come from.
//!
//! - `--static-dir DIR`: read from that directory at start-up.
//! - release builds: embedded in the binary with rust-embed, so a deployment is
//!   one file. `allow_missing` lets the server build before the frontend has
//!   been (CI runs the server's tests first); such a binary serves the API only.
//! - debug builds: read `frontend/dist` from disk at start-up, so the embed is
//!   not even compiled and a missing `dist` costs nothing.

use super::Assets;
use std::io;
use std::path::{Path, PathBuf};

/// The frontend build's directory in this source tree.
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/dist")
}

/// The assets this process serves, and a description of where they came from.
pub fn load(static_dir: Option<&Path>) -> io::Result<(Assets, String)> {
    if let Some(dir) = static_dir {
        return Ok((from_dir(dir)?, dir.display().to_string()));
    }
    default_source()
}

#[cfg(not(debug_assertions))]
fn default_source() -> io::Result<(Assets, String)> {
    Ok((embedded::assets(), "embedded in the binary".to_owned()))
}

#[cfg(debug_assertions)]
fn default_source() -> io::Result<(Assets, String)> {
    let dir = default_dir();
    if dir.is_dir() {
        Ok((from_dir(&dir)?, dir.display().to_string()))
    } else {
        Ok((
            Assets::empty(),
            format!("nothing ({} not built)", dir.display()),
        ))
    }
}

/// Reads every file under `dir` (following symlinks).
pub fn from_dir(dir: &Path) -> io::Result<Assets> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    Ok(Assets::from_files(files))
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, files)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            // Paths that are not UTF-8 cannot be requested by URL anyway.
            if let Some(name) = relative.to_str() {
                files.push((name.replace('\\', "/"), std::fs::read(&path)?));
            }
        }
    }
    Ok(())
}

#[cfg(not(debug_assertions))]
mod embedded {
    use super::Assets;
    use axum::body::Bytes;
    use std::borrow::Cow;

    #[derive(rust_embed::RustEmbed)]
    #[folder = "../frontend/dist"]
    #[allow_missing = true]
    struct Dist;

    pub fn assets() -> Assets {
        Assets::from_files(Dist::iter().filter_map(|path| {
            let file = Dist::get(&path)?;
            // Embedded data is 'static: serve it without copying.
            let bytes = match file.data {
                Cow::Borrowed(b) => Bytes::from_static(b),
                Cow::Owned(v) => Bytes::from(v),
            };
            Some((path.into_owned(), bytes))
        }))
    }
}
