//! The sign-in form (username, password): on the sign-in screen, and in the
//! banner when the session has expired. When the server says the password
//! is a one-time one an admin made, the form asks for her own new password
//! (twice) and signs in with it.

use crate::logic::sign_in::{check_new, LoginError};
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
    // The one-time password was right: now her own one, typed twice.
    let needs_new = RwSignal::new(false);
    let new_password = RwSignal::new(String::new());
    let new_again = RwSignal::new(String::new());

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        let new = match needs_new.get_untracked() {
            true => match check_new(&new_password.get_untracked(), &new_again.get_untracked()) {
                Ok(new) => Some(new),
                Err(e) => {
                    error.set(Some(e));
                    return;
                }
            },
            false => None,
        };
        busy.set(true);
        let (u, p) = (user.get_untracked(), password.get_untracked());
        crate::platform::task::spawn(async move {
            let result = auth.sign_in(&u, &p, new).await;
            busy.try_set(false);
            match result {
                Ok(()) => {
                    password.try_set(String::new());
                    new_password.try_set(String::new());
                    new_again.try_set(String::new());
                    needs_new.try_set(false);
                }
                Err(e) => {
                    if matches!(&e, LoginError::Api(api) if api.code() == Some("password_change_required"))
                    {
                        needs_new.try_set(true);
                    }
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
        let l = lang.get();
        match (busy.get(), needs_new.get()) {
            (true, _) => t(l, Text::SigningIn),
            (false, true) => l.pick("设置新密码并登录", "Set the new password and sign in"),
            (false, false) => t(l, Text::SignIn),
        }
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
            <Show when=move || needs_new.get()>
                <p id="first-password-hint" class="hint">{move || lang.get().pick(
                    "这是管理员给您的一次性密码，只能用这一次。请设置您自己的新密码，以后用新密码登录。",
                    "This one-time password from your administrator works once. Set your own password and sign in with it from now on.",
                )}</p>
                <div class="field">
                    <label for="new-password">{move || lang.get().pick("新密码（至少8位）", "New password (8 characters or more)")}</label>
                    <input id="new-password" name="new-password" type="password" autocomplete="new-password"
                        maxlength="128" required bind:value=new_password/>
                </div>
                <div class="field">
                    <label for="new-password-again">{move || lang.get().pick("再输入一次新密码", "The new password again")}</label>
                    <input id="new-password-again" name="new-password-again" type="password"
                        autocomplete="new-password" maxlength="128" required bind:value=new_again/>
                </div>
            </Show>
            {message}
            <button type="submit" class="button button-primary"
                aria-busy=move || if busy.get() { "true" } else { "false" }>
                {button}
            </button>
        </form>
    }
}
