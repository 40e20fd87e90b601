//! Gzip of a request body by the browser's own `CompressionStream`, so that
//! a push costs a phone on a 2G link about a fifth of its bytes. Where the
//! browser has no `CompressionStream` (Safari before 16.4, old WebViews)
//! the body goes plain: the server takes both.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableWritablePair, Response};

#[wasm_bindgen]
extern "C" {
    /// The browser's `CompressionStream` (web-sys has it only behind its
    /// unstable-API flag). A `{ readable, writable }` pair.
    type CompressionStream;

    /// `new CompressionStream(format)`; throws where the browser lacks it.
    #[wasm_bindgen(constructor, catch, js_class = "CompressionStream")]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
}

/// `text` (as UTF-8) gzip-compressed, or `None` where the browser cannot:
/// the caller then sends it plain.
pub async fn gzip(text: &str) -> Option<Uint8Array> {
    let compressor = CompressionStream::new("gzip").ok()?;
    let blob = Blob::new_with_str_sequence(&Array::of1(&JsValue::from_str(text))).ok()?;
    let pair: &ReadableWritablePair = compressor.unchecked_ref();
    let zipped = blob.stream().pipe_through(pair);
    // A Response reads the whole stream into one buffer for us.
    let response = Response::new_with_opt_readable_stream(Some(&zipped)).ok()?;
    let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
    Some(Uint8Array::new(&buffer))
}
