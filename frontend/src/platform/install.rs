//! Offering installation to the home screen. An installed app opens like an
//! app and keeps its storage (Safari deletes a site's storage after 7 days
//! unvisited; installed apps are spared), so the first screen offers it when
//! the browser says it can.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The browser's deferred install prompt, once it has offered one.
#[derive(Debug, Clone, Copy)]
pub struct InstallOffer(RwSignal<Option<JsValue>, LocalStorage>);

impl InstallOffer {
    /// Keeps the browser's `beforeinstallprompt` for when the person asks,
    /// instead of the browser's own mini-bar that people dismiss unread.
    pub fn listen() -> Self {
        let offer = RwSignal::new_local(None);
        // The app lives as long as the page: the listeners are never removed.
        let _ = window_event_listener_untyped("beforeinstallprompt", move |ev| {
            ev.prevent_default();
            offer.set(Some(ev.into()));
        });
        let _ = window_event_listener_untyped("appinstalled", move |_| offer.set(None));
        Self(offer)
    }

    /// Whether the browser has offered installation.
    pub fn available(&self) -> bool {
        self.0.with(Option::is_some)
    }

    /// Shows the browser's install dialog (once: the browser allows one use).
    pub fn prompt(&self) {
        let Some(event) = self.0.get_untracked() else {
            return;
        };
        self.0.set(None);
        let prompt = js_sys::Reflect::get(&event, &JsValue::from_str("prompt"));
        if let Ok(f) = prompt.and_then(|p| p.dyn_into::<js_sys::Function>()) {
            // The promise says whether it was accepted; either way there is nothing to do.
            let _ = f.call0(&event);
        }
    }
}
