//! What a finished blob must be before anyone can read it: the bytes whose
//! SHA-256 it was sent under, and a JPEG, WebP or PNG image whose header
//! gives dimensions within [`MAX_PHOTO_SIDE`]. Only the header is read (no
//! image is decoded on the server: a decompression bomb costs nothing).

use super::PhotoError;
use imagesize::ImageType;
use sha2::{Digest, Sha256};
use shared::photo::reference::MAX_PHOTO_SIDE;

/// The image types a photo may have, with their media types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoType {
    Jpeg,
    Webp,
    Png,
}

impl PhotoType {
    /// The type of `bytes` by their first bytes, if a photo's.
    pub fn of(bytes: &[u8]) -> Option<Self> {
        match imagesize::image_type(bytes).ok()? {
            ImageType::Jpeg => Some(PhotoType::Jpeg),
            ImageType::Webp => Some(PhotoType::Webp),
            ImageType::Png => Some(PhotoType::Png),
            _ => None,
        }
    }

    /// Its `Content-Type`.
    pub fn media_type(self) -> &'static str {
        match self {
            PhotoType::Jpeg => "image/jpeg",
            PhotoType::Webp => "image/webp",
            PhotoType::Png => "image/png",
        }
    }
}

/// SHA-256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks that `bytes` are the photo `sha256` names: its hash first (cheap
/// and the likeliest fault: bytes damaged or mixed up), then the image.
pub fn check(sha256: &str, bytes: &[u8]) -> Result<PhotoType, PhotoError> {
    if sha256_hex(bytes) != sha256 {
        return Err(PhotoError::WrongHash {
            sha256: sha256.to_owned(),
        });
    }
    let kind = PhotoType::of(bytes).ok_or(PhotoError::NotAnImage)?;
    let size = imagesize::blob_size(bytes).map_err(|_| PhotoError::NotAnImage)?;
    let side = 1..=MAX_PHOTO_SIDE as usize;
    if !side.contains(&size.width) || !side.contains(&size.height) {
        return Err(PhotoError::BadDimensions {
            width: size.width,
            height: size.height,
        });
    }
    Ok(kind)
}
