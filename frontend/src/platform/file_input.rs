//! The file a person chose in an `<input type="file">`, read whole.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The chosen file's name and bytes, if one was chosen and could be read.
pub async fn read_chosen(input: &web_sys::HtmlInputElement) -> Option<(String, Vec<u8>)> {
    let file = input.files()?.get(0)?;
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    let buffer: js_sys::ArrayBuffer = buffer.dyn_into().ok()?;
    Some((file.name(), js_sys::Uint8Array::new(&buffer).to_vec()))
}
