//! How long the app's own work took, for the benchmark command: the last
//! duration of each measured step is written to `<html data-timing-…>` in
//! milliseconds (e.g. `data-timing-save="0.80"`). Nothing is sent anywhere.

use leptos::prelude::document;

/// The page's high-resolution clock, in milliseconds.
fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Runs `f`, noting its duration under `name`.
pub fn measure<R>(name: &str, f: impl FnOnce() -> R) -> R {
    let start = now();
    let result = f();
    let took = now() - start;
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute(&format!("data-timing-{name}"), &format!("{took:.2}"));
    }
    result
}
