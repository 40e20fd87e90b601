//! Signing in: the screen shown without a session.

use super::auth_problem::AuthProblemBanner;
use super::header::Header;
use super::login_form::LoginForm;
use crate::platform::storage::BrowserKv;
use crate::screens::parts::OfflineNotice;
use crate::state::session::Auth;
use crate::text::errors;
use crate::text::i18n::{tr, Lang, Text};
use leptos::prelude::*;
use shared::device::StoreError;

/// The first screen without a session.
#[component]
pub fn SignInScreen() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let no_storage = BrowserKv::open().err().map(|e| {
        let e = StoreError::from(e);
        let text = Signal::derive(move || errors::store_error(&e, lang.get()));
        view! { <div id="storage-warning" class="notice notice-error" role="alert">{text}</div> }
    });
    let signed_out = move || {
        auth.signed_out().map(|out| {
            let text = move || match lang.get() {
                Lang::Zh => format!(
                    "已退出。{} 还有 {} 条记录没有同步，它们保留在这部手机上，只有该账号重新登录后才能看到，届时会自动同步。",
                    out.display_name, out.unsynced
                ),
                Lang::En => format!(
                    "Signed out. {} has {} unsynced entries; they stay on this phone, only that account sees them after signing in again, and they sync then by themselves.",
                    out.display_name, out.unsynced
                ),
            };
            view! { <p id="signout-notice" class="notice notice-warn" role="status">{text}</p> }
        })
    };
    view! {
        <Header/>
        <main class="page">
            {no_storage}
            <OfflineNotice/>
            <AuthProblemBanner pending=Signal::derive(move || auth.refused_pending())/>
            {signed_out}
            <section class="card" aria-labelledby="login-heading">
                <h2 id="login-heading">{tr(lang, Text::SignInHeading)}</h2>
                <LoginForm username=String::new()/>
                <p class="hint">{tr(lang, Text::SignInHint)}</p>
            </section>
        </main>
    }
}
