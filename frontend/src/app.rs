//! The root component: the language, the session, and which screen shows:
//! the sign-in screen without a session, the account's workspace with one
//! (even an expired one: the phone records offline; only the server decides
//! that a session is over).

use crate::platform::storage;
use crate::screens::frame::{SignInScreen, Workspace};
use crate::state::session::Auth;
use crate::text::i18n::{self, Lang};
use leptos::prelude::*;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let (lang, set_lang) = signal(i18n::saved_lang());
    let auth = Auth::load();
    provide_context::<ReadSignal<Lang>>(lang);
    provide_context::<WriteSignal<Lang>>(set_lang);
    provide_context(auth);
    provide_context(crate::platform::install::InstallOffer::listen());

    // Keep the page's `lang` attribute and the saved choice in step.
    Effect::new(move |_| i18n::apply_lang(lang.get()));

    let usable = storage::BrowserKv::open().is_ok();
    // Runs once, after the view is in the document: end-to-end tests wait for it.
    Effect::new(move |_| mark_app_state(if usable { "ready" } else { "no-storage" }));
    if usable {
        storage::request_persistence();
    }

    // Changes only when another account signs in (not on a new token), so the
    // workspace, its store and its sync driver are made once per account.
    let account = Memo::new(move |_| auth.username());
    move || match account.get() {
        None => view! { <SignInScreen/> }.into_any(),
        Some(username) => view! { <Workspace username/> }.into_any(),
    }
}

/// Sets `<html data-app=…>`.
fn mark_app_state(state: &str) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-app", state);
    }
}
