//! On the first screens (sign-in and home): says when this browser cannot
//! keep the app for use without a network, and how to fix that. The rules
//! are `crate::platform::offline_support`.

use crate::platform::offline_support::{probe, shortfalls, Shortfall};
use crate::text::i18n::Lang;
use leptos::prelude::*;

/// One notice per shortfall; nothing in a browser that keeps the app.
#[component]
pub fn OfflineNotice() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let found = RwSignal::new(Vec::<Shortfall>::new());
    crate::platform::task::spawn(async move {
        let c = probe().await;
        // The screen may be gone by then (signed in meanwhile).
        let _ = found.try_set(shortfalls(&c));
        // End-to-end tests wait for the answer, whichever it is.
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-offline-check", "done");
        }
    });
    move || {
        let l = lang.get();
        found
            .get()
            .into_iter()
            .map(|s| {
                let (zh, en) = s.words();
                view! {
                    <p id=s.id() class="notice notice-warn offline-notice" role="alert">
                        {l.pick(zh, en)}
                    </p>
                }
            })
            .collect_view()
    }
}
