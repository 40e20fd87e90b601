//! Signing in: the screen shown without a session, and the form it shares
//! with the "session expired" banner.

use crate::components::{AuthProblemBanner, Header, OfflineNotice};
use crate::errors;
use crate::i18n::{t, tr, Lang, Text};
use crate::session::{Auth, LoginError};
use crate::storage::BrowserKv;
use leptos::ev::SubmitEvent;
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

/// Username and password; on success the session is saved and the app
/// shows the account (or, for the same account, just resumes syncing).
#[component]
pub fn LoginForm(
    /// Pre-filled username (the expired session's), or empty.
    username: String,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let user = RwSignal::new(username);
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<LoginError>);
    let busy = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let (u, p) = (user.get_untracked(), password.get_untracked());
        crate::spawn(async move {
            let result = auth.sign_in(&u, &p).await;
            busy.try_set(false);
            match result {
                Ok(()) => {
                    password.try_set(String::new());
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    let message = move || {
        error.with(|e| {
            e.as_ref().map(|e| {
                let text = errors::login_error(e, lang.get());
                view! { <p id="login-error" class="form-error" role="alert">{text}</p> }
            })
        })
    };
    let button = Signal::derive(move || {
        t(
            lang.get(),
            if busy.get() {
                Text::SigningIn
            } else {
                Text::SignIn
            },
        )
    });
    view! {
        <form id="login-form" class="stack" novalidate on:submit=on_submit>
            <div class="field">
                <label for="username">{tr(lang, Text::Username)}</label>
                <input id="username" name="username" type="text" autocomplete="username"
                    autocapitalize="none" spellcheck="false" maxlength="32" required
                    bind:value=user/>
            </div>
            <div class="field">
                <label for="password">{tr(lang, Text::Password)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password"
                    maxlength="128" required bind:value=password/>
            </div>
            {message}
            <button type="submit" class="button button-primary"
                aria-busy=move || if busy.get() { "true" } else { "false" }>
                {button}
            </button>
        </form>
    }
}
