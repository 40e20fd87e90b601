//! The banner shown when the server refused the session or the device: what
//! happened, that every entry is still on the phone, and what to do.

use super::login_form::LoginForm;
use crate::platform::api::AuthProblem;
use crate::state::session::Auth;
use crate::text::errors;
use crate::text::i18n::Lang;
use leptos::prelude::*;

/// `#auth-problem`, when there is one. With `username`, an expired session
/// gets a sign-in form for that account right here.
#[component]
pub fn AuthProblemBanner(
    /// Changes of the account waiting to be sent (the N of the message).
    pending: Signal<u64>,
    /// The signed-in account, for signing in again.
    #[prop(optional)]
    username: Option<String>,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    move || {
        auth.problem().map(|p| {
            let text = move || errors::auth_problem(p, pending.get(), lang.get());
            let form = (p == AuthProblem::SignInAgain)
                .then(|| username.clone())
                .flatten()
                .map(|username| view! { <LoginForm username/> });
            view! {
                <section id="auth-problem" class="notice notice-error auth-problem" role="alert">
                    <p class="auth-problem-text">{text}</p>
                    {form}
                </section>
            }
        })
    }
}
