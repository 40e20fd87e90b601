//! [`PhotoRef`]: one photo as an entry lists it, and the limits a photo
//! must keep (checked by `crate::validate` on the entry, by the server on
//! the bytes).

use serde::{Deserialize, Serialize};

/// Most photos one entry carries (a WeChat post's nine).
pub const MAX_PHOTOS: usize = 9;
/// Largest photo the server takes, in bytes. The phone aims at 200–300 KB;
/// this is the ceiling of a photo the phone could not compress.
pub const MAX_PHOTO_BYTES: u64 = 10_000_000;
/// Longest side, in pixels, of a photo the server takes (the phone sends at
/// most [`PHOTO_LONG_SIDE`]).
pub const MAX_PHOTO_SIDE: u32 = 8000;
/// The long side the phone scales a photo down to.
pub const PHOTO_LONG_SIDE: u32 = 1600;
/// The long side of a photo's thumbnail, in pixels.
pub const THUMB_LONG_SIDE: u32 = 320;
/// Longest caption (the Word summary's "图n：…"), in characters.
pub const MAX_CAPTION_CHARS: usize = 60;

/// One photo of an entry: which bytes (by hash), how big, and its caption.
/// The thumbnail is a blob of its own (its own hash), so that lists and the
/// phone's form can show it without the photo.
///
/// On the wire: `{"sha256": "…64 hex…", "bytes": 231000, "width": 1600,
/// "height": 1200, "thumb_sha256": "…", "thumb_bytes": 14000, "caption":
/// "入户走访"}` (`caption` left out when empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhotoRef {
    /// SHA-256 of the compressed photo's bytes, 64 lowercase hex digits.
    pub sha256: String,
    /// The compressed photo's size in bytes (1..=[`MAX_PHOTO_BYTES`]).
    pub bytes: u64,
    /// Width in pixels, orientation applied (1..=[`MAX_PHOTO_SIDE`]).
    pub width: u32,
    /// Height in pixels, orientation applied (1..=[`MAX_PHOTO_SIDE`]).
    pub height: u32,
    /// SHA-256 of the thumbnail's bytes ([`THUMB_LONG_SIDE`] px long side).
    pub thumb_sha256: String,
    /// The thumbnail's size in bytes (1..=[`MAX_PHOTO_BYTES`]).
    pub thumb_bytes: u64,
    /// What it shows, e.g. "入户走访困难家庭"; may be empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub caption: String,
}

impl PhotoRef {
    /// Whether the numbers and hashes are possible (the caption is judged
    /// as text by `crate::validate`).
    pub fn is_well_formed(&self) -> bool {
        let side = 1..=MAX_PHOTO_SIDE;
        let size = 1..=MAX_PHOTO_BYTES;
        is_sha256_hex(&self.sha256)
            && is_sha256_hex(&self.thumb_sha256)
            && size.contains(&self.bytes)
            && size.contains(&self.thumb_bytes)
            && side.contains(&self.width)
            && side.contains(&self.height)
    }
}

/// Whether `s` is a SHA-256 as this API writes it: 64 lowercase hex digits
/// (one spelling per hash, so one blob per photo).
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn photo(n: u8) -> PhotoRef {
        PhotoRef {
            sha256: format!("{n:02x}").repeat(32),
            bytes: 200_000,
            width: 1600,
            height: 1200,
            thumb_sha256: format!("{:02x}", n.wrapping_add(128)).repeat(32),
            thumb_bytes: 12_000,
            caption: String::new(),
        }
    }

    #[test]
    fn hashes_are_one_spelling() {
        assert!(is_sha256_hex(&"ab".repeat(32)));
        assert!(!is_sha256_hex(&"AB".repeat(32)), "upper case");
        assert!(!is_sha256_hex(&"ab".repeat(31)), "too short");
        assert!(!is_sha256_hex(&"gg".repeat(32)), "not hex");
        assert!(!is_sha256_hex(&"é".repeat(32)), "64 bytes, not hex");
    }

    #[test]
    fn well_formed_checks_every_number() {
        assert!(photo(1).is_well_formed());
        let broken: [fn(&mut PhotoRef); 7] = [
            |p| p.sha256.pop().map(drop).unwrap_or(()),
            |p| p.thumb_sha256 = "x".into(),
            |p| p.bytes = 0,
            |p| p.thumb_bytes = MAX_PHOTO_BYTES + 1,
            |p| p.width = 0,
            |p| p.height = MAX_PHOTO_SIDE + 1,
            |p| p.bytes = MAX_PHOTO_BYTES + 1,
        ];
        for (i, f) in broken.iter().enumerate() {
            let mut p = photo(1);
            f(&mut p);
            assert!(!p.is_well_formed(), "case {i}");
        }
    }

    #[test]
    fn the_caption_is_left_out_when_empty() {
        let json = serde_json::to_string(&photo(1)).unwrap();
        assert!(!json.contains("caption"), "{json}");
        let mut p = photo(1);
        p.caption = "图说".into();
        let back: PhotoRef = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
    }
}
