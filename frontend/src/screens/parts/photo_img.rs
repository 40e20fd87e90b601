//! A photo (or thumbnail) from the server as an `<img>`: fetched with the
//! account's bearer token, shown through a `blob:` URL that is revoked when
//! the image goes (or at once, if it arrives after); lazily, when the image
//! first comes into view, for lists. A photo that cannot be read leaves the
//! image empty and marked (`data-state="failed"`) rather than an error in
//! the list.

use crate::platform::{api, object_url, task};
use crate::state::session::Auth;
use leptos::html::Img;
use leptos::prelude::*;
use std::sync::{Arc, Mutex};

/// What a shown image holds until it goes.
#[derive(Default)]
struct Held {
    url: Option<String>,
    gone: bool,
}

/// One image by the SHA-256 of its bytes.
#[component]
pub fn PhotoImg(
    /// SHA-256 of the bytes to show.
    sha256: String,
    /// The text alternative (the caption, or what the photo is of).
    #[prop(into)]
    alt: String,
    /// Load only once scrolled into view (thumbnails in lists).
    #[prop(optional)]
    lazy: bool,
    /// The image's class.
    #[prop(into, optional)]
    class: String,
) -> impl IntoView {
    let auth = expect_context::<Auth>();
    let src = RwSignal::new(None::<String>);
    let state = RwSignal::new("loading");
    let held = Arc::new(Mutex::new(Held::default()));
    let load = {
        let held = Arc::clone(&held);
        let sha256 = sha256.clone();
        move || {
            let Some(token) = auth.token() else { return };
            task::spawn(async move {
                let result = auth.observe(api::photo(&token, &sha256).await);
                let Some(url) = result.ok().and_then(|bytes| object_url::object_url(&bytes)) else {
                    state.try_set("failed");
                    return;
                };
                let Ok(mut h) = held.lock() else { return };
                if h.gone {
                    object_url::revoke(&url);
                } else {
                    h.url = Some(url.clone());
                    src.try_set(Some(url));
                    state.try_set("loaded");
                }
            });
        }
    };
    let node = NodeRef::<Img>::new();
    let watch = Arc::new(Mutex::new(None::<object_url::Watch>));
    if lazy {
        let watch = Arc::clone(&watch);
        node.on_load(move |img| {
            let w = object_url::when_visible(&img, load);
            if let Ok(mut slot) = watch.lock() {
                *slot = w;
            }
        });
    } else {
        load();
    }
    on_cleanup(move || {
        if let Ok(mut slot) = watch.lock() {
            slot.take();
        }
        if let Ok(mut h) = held.lock() {
            h.gone = true;
            if let Some(url) = h.url.take() {
                object_url::revoke(&url);
            }
        }
    });
    view! {
        <img node_ref=node class=class alt=alt data-sha256=sha256 data-state=move || state.get()
            src=move || src.get()/>
    }
}
