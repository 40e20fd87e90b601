//! Compressing a photo with the browser's own decoders and encoders: the
//! file is decoded with its EXIF orientation applied (`createImageBitmap`
//! with `imageOrientation: "from-image"`, or an `<img>` element where that
//! is missing: browsers apply the orientation to images by default), drawn
//! onto a canvas no longer than `PHOTO_LONG_SIDE` (and `THUMB_LONG_SIDE`
//! for the thumbnail), and encoded as JPEG. Re-encoding through a canvas
//! keeps pixels only: EXIF, GPS included, never leaves this function.
//!
//! JPEG, not WebP: every browser encodes it (Safari's canvas does not
//! encode WebP), and the office's Word summary takes it as it is. The
//! SHA-256 is computed by the `sha2` crate, not `crypto.subtle` (which
//! exists only on HTTPS or localhost: a village LAN on plain HTTP has none).

use js_sys::{Function, Promise, Uint8Array};
use sha2::{Digest, Sha256};
use shared::photo::reference::{PHOTO_LONG_SIDE, THUMB_LONG_SIDE};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement, ImageBitmap,
    ImageBitmapOptions, ImageOrientation,
};

/// Encoder qualities tried in turn until the photo is at most
/// [`TARGET_BYTES`] (about 200–300 KB at 1600 px for a camera photo).
const QUALITIES: [f64; 3] = [0.82, 0.7, 0.55];
/// The most bytes a photo should take after compression.
const TARGET_BYTES: usize = 300 * 1024;
/// The thumbnail's quality: small matters more than fine detail.
const THUMB_QUALITY: f64 = 0.7;

/// Why a file could not be made a photo.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PictureError {
    /// The browser could not decode it as an image.
    #[error("not an image this browser can read")]
    NotAnImage,
    /// The canvas would not draw or encode (memory, an old browser).
    #[error("the browser could not compress the image")]
    Encode,
}

/// One compressed photo: its bytes, its thumbnail's, both hashes, and the
/// photo's size in pixels (orientation applied).
#[derive(Debug, Clone)]
pub struct Compressed {
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub thumb: Vec<u8>,
    pub thumb_sha256: String,
    pub width: u32,
    pub height: u32,
}

/// 64 lowercase hex digits of the SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    Sha256::digest(bytes)
        .iter()
        .flat_map(|b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]])
        .map(char::from)
        .collect()
}

/// `(width, height)` scaled so the long side is at most `long` (never up).
pub fn fit(width: u32, height: u32, long: u32) -> (u32, u32) {
    let side = width.max(height).max(1);
    if side <= long {
        return (width.max(1), height.max(1));
    }
    let scale = |v: u32| {
        ((u64::from(v) * u64::from(long) + u64::from(side) / 2) / u64::from(side)).max(1) as u32
    };
    (scale(width), scale(height))
}

/// A decoded image, ready to draw.
enum Decoded {
    Bitmap(ImageBitmap),
    Image(HtmlImageElement, String),
}

impl Decoded {
    fn size(&self) -> (u32, u32) {
        match self {
            Decoded::Bitmap(b) => (b.width(), b.height()),
            Decoded::Image(i, _) => (i.natural_width(), i.natural_height()),
        }
    }

    fn draw(&self, ctx: &CanvasRenderingContext2d, w: u32, h: u32) -> Result<(), JsValue> {
        let (w, h) = (f64::from(w), f64::from(h));
        match self {
            Decoded::Bitmap(b) => ctx.draw_image_with_image_bitmap_and_dw_and_dh(b, 0.0, 0.0, w, h),
            Decoded::Image(i, _) => {
                ctx.draw_image_with_html_image_element_and_dw_and_dh(i, 0.0, 0.0, w, h)
            }
        }
    }
}

impl Drop for Decoded {
    fn drop(&mut self) {
        match self {
            Decoded::Bitmap(b) => b.close(),
            Decoded::Image(_, url) => {
                let _ = web_sys::Url::revoke_object_url(url);
            }
        }
    }
}

async fn decode(file: &Blob) -> Result<Decoded, PictureError> {
    let window = web_sys::window().ok_or(PictureError::NotAnImage)?;
    let has_bitmap =
        js_sys::Reflect::has(&window, &JsValue::from_str("createImageBitmap")).unwrap_or(false);
    if has_bitmap {
        let options = ImageBitmapOptions::new();
        options.set_image_orientation(ImageOrientation::FromImage);
        if let Ok(promise) =
            window.create_image_bitmap_with_blob_and_image_bitmap_options(file, &options)
        {
            if let Ok(bitmap) = JsFuture::from(promise).await {
                return Ok(Decoded::Bitmap(bitmap.unchecked_into()));
            }
        }
    }
    // Older Safari: an <img> decodes it, orientation applied.
    let url =
        web_sys::Url::create_object_url_with_blob(file).map_err(|_| PictureError::NotAnImage)?;
    let img = HtmlImageElement::new().map_err(|_| PictureError::NotAnImage)?;
    img.set_src(&url);
    let decoded = Decoded::Image(img, url);
    if let Decoded::Image(img, _) = &decoded {
        JsFuture::from(img.decode())
            .await
            .map_err(|_| PictureError::NotAnImage)?;
    }
    Ok(decoded)
}

/// Draws `image` at `w`×`h` and encodes it as JPEG of `quality`.
async fn encode(image: &Decoded, w: u32, h: u32, quality: f64) -> Result<Vec<u8>, PictureError> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(PictureError::Encode)?;
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| PictureError::Encode)?
        .unchecked_into();
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or(PictureError::Encode)?
        .unchecked_into();
    ctx.set_image_smoothing_enabled(true);
    image.draw(&ctx, w, h).map_err(|_| PictureError::Encode)?;
    let promise = Promise::new(&mut |resolve: Function, _reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        let _ = canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(quality),
        );
    });
    let blob = JsFuture::from(promise)
        .await
        .map_err(|_| PictureError::Encode)?;
    let blob: Blob = blob.dyn_into().map_err(|_| PictureError::Encode)?;
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| PictureError::Encode)?;
    // Free the canvas's pixels now rather than at the next collection
    // (phones have little memory for several 1600 px canvases).
    canvas.set_width(0);
    canvas.set_height(0);
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Compresses one file from the camera or the gallery.
pub async fn compress(file: &Blob) -> Result<Compressed, PictureError> {
    let image = decode(file).await?;
    let (w0, h0) = image.size();
    if w0 == 0 || h0 == 0 {
        return Err(PictureError::NotAnImage);
    }
    let (width, height) = fit(w0, h0, PHOTO_LONG_SIDE);
    let mut bytes = Vec::new();
    for quality in QUALITIES {
        bytes = encode(&image, width, height, quality).await?;
        if bytes.len() <= TARGET_BYTES {
            break;
        }
    }
    let (tw, th) = fit(w0, h0, THUMB_LONG_SIDE);
    let thumb = encode(&image, tw, th, THUMB_QUALITY).await?;
    if bytes.is_empty() || thumb.is_empty() {
        return Err(PictureError::Encode);
    }
    Ok(Compressed {
        sha256: sha256_hex(&bytes),
        thumb_sha256: sha256_hex(&thumb),
        bytes,
        thumb,
        width,
        height,
    })
}

/// A `data:` URL showing `bytes` (a thumbnail) as an image. Not an object
/// URL: the app's Content-Security-Policy allows images from `self` and
/// `data:` only, and a thumbnail of some kilobytes is cheap to inline.
pub fn data_url(bytes: &[u8]) -> String {
    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(23 + bytes.len().div_ceil(3) * 4);
    out.push_str("data:image/jpeg;base64,");
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= group.len() {
                out.push(char::from(B64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_long_side_is_brought_down_never_up() {
        assert_eq!(fit(4000, 3000, 1600), (1600, 1200));
        assert_eq!(fit(3000, 4000, 1600), (1200, 1600));
        assert_eq!(fit(800, 600, 1600), (800, 600));
        assert_eq!(fit(10000, 10, 320), (320, 1));
    }

    #[test]
    fn thumbnails_are_inlined_as_base64() {
        assert_eq!(data_url(b""), "data:image/jpeg;base64,");
        assert_eq!(data_url(b"f"), "data:image/jpeg;base64,Zg==");
        assert_eq!(data_url(b"fo"), "data:image/jpeg;base64,Zm8=");
        assert_eq!(data_url(b"foobar"), "data:image/jpeg;base64,Zm9vYmFy");
    }

    #[test]
    fn the_hash_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
