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

/// `ms` with two decimals (`"0.80"`), through integer formatting: float
/// formatting would pull `core::fmt`'s float machinery into the wasm for
/// this alone (see `logic::svg_number`).
fn hundredths(ms: f64) -> String {
    let h = (ms.max(0.0) * 100.0).round() as u64;
    format!("{}.{:02}", h / 100, h % 100)
}

/// Runs `f`, noting its duration under `name`.
pub fn measure<R>(name: &str, f: impl FnOnce() -> R) -> R {
    let start = now();
    let result = f();
    let took = now() - start;
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute(&format!("data-timing-{name}"), &hundredths(took));
    }
    result
}

#[cfg(test)]
mod tests {
    use super::hundredths;

    #[test]
    fn durations_have_two_decimals() {
        assert_eq!(hundredths(0.8), "0.80");
        assert_eq!(hundredths(12.345_6), "12.35");
        assert_eq!(hundredths(235.0), "235.00");
        assert_eq!(hundredths(-0.1), "0.00");
    }
}
