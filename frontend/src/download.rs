//! Offering bytes as a file download (exports, reports, the summary).

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Offers `bytes` as a file called `name` of type `mime`.
pub fn offer(name: &str, mime: &str, bytes: &[u8]) -> Result<(), JsValue> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Some browsers read the blob after the click returns: free it later.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}

/// What to say when the browser refuses a download.
pub fn refused(lang: shared::Lang) -> &'static str {
    lang.pick(
        "浏览器不允许下载文件。",
        "The browser refused the download.",
    )
}

/// Offers a file fetched from the server and says what became of it:
/// `done` once offered, else why not (the server's refusal, the network's,
/// or the browser's).
pub fn offer_fetched(
    fetched: Result<Vec<u8>, crate::api::ApiError>,
    name: &str,
    mime: &str,
    done: &str,
    lang: shared::Lang,
) -> String {
    match fetched {
        Ok(bytes) => match offer(name, mime, &bytes) {
            Ok(()) => done.to_owned(),
            Err(_) => refused(lang).to_owned(),
        },
        Err(e) => crate::errors::api_error(&e, lang),
    }
}
