//! The sign-in form (username, password): on the sign-in screen, and in the
//! banner when the session has expired.

use crate::logic::sign_in::LoginError;
use crate::state::session::Auth;
use crate::text::errors;
use crate::text::i18n::{t, tr, Lang, Text};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

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
        crate::platform::task::spawn(async move {
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
