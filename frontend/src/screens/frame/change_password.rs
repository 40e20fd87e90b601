//! Changing her own password (online): the current one, the new one twice.
//! The server checks the current one as strictly as a sign-in and ends the
//! account's sessions on other devices; this phone stays signed in.

use crate::logic::sign_in::{check_new, LoginError};
use crate::platform::api::{self, ApiError};
use crate::state::session::Auth;
use crate::text::errors;
use crate::text::i18n::{t, Lang, Text};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::account::ChangePassword;

/// The form: `saved` runs after the change, `cancel` when she gives up.
#[component]
pub fn ChangePasswordForm(saved: Callback<()>, cancel: Callback<()>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let said = move |e: &LoginError| errors::login_error(e, lang.get_untracked());

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        let req = match check_new(&new.get_untracked(), &again.get_untracked()) {
            Ok(new_password) => ChangePassword {
                current_password: current.get_untracked(),
                new_password,
            },
            Err(e) => {
                error.set(Some(said(&e)));
                return;
            }
        };
        let Some(token) = auth.token() else {
            return;
        };
        busy.set(true);
        crate::platform::task::spawn(async move {
            let result: Result<(), ApiError> =
                auth.observe(api::change_password(&token, &req).await);
            busy.try_set(false);
            match result {
                Ok(()) => saved.run(()),
                Err(e) => {
                    error.try_set(Some(said(&LoginError::Api(e))));
                }
            }
        });
    };
    view! {
        <form id="change-password" class="card stack" novalidate on:submit=on_submit>
            <h2>{move || lang.get().pick("修改密码", "Change password")}</h2>
            <div class="field">
                <label for="current-password">{move || lang.get().pick("当前密码", "Current password")}</label>
                <input id="current-password" type="password" autocomplete="current-password"
                    maxlength="128" required bind:value=current/>
            </div>
            <div class="field">
                <label for="changed-password">{move || lang.get().pick("新密码（至少8位）", "New password (8 characters or more)")}</label>
                <input id="changed-password" type="password" autocomplete="new-password"
                    maxlength="128" required bind:value=new/>
            </div>
            <div class="field">
                <label for="changed-password-again">{move || lang.get().pick("再输入一次新密码", "The new password again")}</label>
                <input id="changed-password-again" type="password" autocomplete="new-password"
                    maxlength="128" required bind:value=again/>
            </div>
            <p class="hint">{move || lang.get().pick(
                "修改后，您在其他手机上的登录会失效，需要用新密码重新登录。",
                "Your other devices are signed out and sign in again with the new password.",
            )}</p>
            {move || error.get().map(|e| view! { <p id="change-password-error" class="form-error" role="alert">{e}</p> })}
            <div class="button-row">
                <button type="submit" class="button button-primary"
                    aria-busy=move || if busy.get() { "true" } else { "false" }>
                    {move || lang.get().pick("保存新密码", "Save the new password")}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| cancel.run(())>
                    {move || t(lang.get(), Text::Cancel)}
                </button>
            </div>
        </form>
    }
}
