//! Showing fetched image bytes: photo requests carry a bearer header (no
//! cookies), so an `<img src>` cannot fetch them itself; the bytes are
//! fetched, wrapped in a Blob and shown through a `blob:` URL, which must be
//! revoked when no longer shown or the browser keeps the bytes until the
//! page goes. And lazily: [`when_visible`] runs a load once an element
//! scrolls into view (an IntersectionObserver), so a long listing fetches
//! only the thumbnails someone looks at.

use send_wrapper::SendWrapper;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, IntersectionObserverEntry};

/// The media type of image bytes by their first bytes (what the server
/// accepts: JPEG, WebP, PNG).
pub fn image_type(bytes: &[u8]) -> &'static str {
    match bytes {
        [0x89, b'P', b'N', b'G', ..] => "image/png",
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => "image/webp",
        _ => "image/jpeg",
    }
}

/// A `blob:` URL showing `bytes`; revoke it with [`revoke`].
pub fn object_url(bytes: &[u8]) -> Option<String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(image_type(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Frees a URL made by [`object_url`].
pub fn revoke(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// A load waiting to run once.
type Pending = Rc<Cell<Option<Box<dyn FnOnce()>>>>;

type Callback = Closure<dyn FnMut(js_sys::Array, IntersectionObserver)>;

/// Watching an element until it is seen; dropped, it stops watching.
/// Sendable (as reactive cleanups must be) because the browser's objects
/// never leave the page's one thread.
pub struct Watch(SendWrapper<(IntersectionObserver, Callback)>);

impl Drop for Watch {
    fn drop(&mut self) {
        self.0 .0.disconnect();
    }
}

/// Runs `load` once, when `element` first comes near the viewport; without
/// IntersectionObserver (old browsers), at once.
pub fn when_visible(element: &Element, load: impl FnOnce() + 'static) -> Option<Watch> {
    let load: Pending = Rc::new(Cell::new(Some(Box::new(load))));
    let pending = Rc::clone(&load);
    let callback: Callback = Closure::new(
        move |entries: js_sys::Array, observer: IntersectionObserver| {
            let seen = entries.iter().any(|e| {
                e.dyn_into::<IntersectionObserverEntry>()
                    .is_ok_and(|e| e.is_intersecting())
            });
            if seen {
                observer.disconnect();
                if let Some(load) = pending.take() {
                    load();
                }
            }
        },
    );
    match IntersectionObserver::new(callback.as_ref().unchecked_ref()) {
        Ok(observer) => {
            observer.observe(element);
            Some(Watch(SendWrapper::new((observer, callback))))
        }
        Err(_) => {
            if let Some(load) = load.take() {
                load();
            }
            None
        }
    }
}
