//! What the screens that show the server's data share: the state of a
//! loading list, its message (offline, failed, loading) with a retry button,
//! running one API call with the session's token, and offering a file
//! fetched from the server.

use crate::logic::admin_problem::Problem;
use crate::platform::api::{ApiError, Transient};
use crate::platform::download;
use crate::state::session::Auth;
use crate::text::errors;
use crate::text::i18n::{tr, Lang, Text};
use leptos::prelude::*;
use std::future::Future;

/// Where a list from the server stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Loading,
    Ready,
    Failed(ApiError),
}

impl Status {
    /// Offline, as far as the list is concerned.
    pub fn offline() -> Self {
        Status::Failed(ApiError::Transient(Transient::Network))
    }
}

/// Whether the browser says it has a network.
pub fn online() -> bool {
    window().navigator().on_line()
}

/// Runs `call` with the session's token (noting a refused session) and hands
/// the outcome to `done`, unless the screen has gone meanwhile.
pub fn run<T, Fut>(
    auth: Auth,
    call: impl FnOnce(String) -> Fut + 'static,
    done: impl FnOnce(Result<T, ApiError>) + 'static,
) where
    T: 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let Some(token) = auth.token() else {
        return;
    };
    crate::platform::task::spawn(async move {
        let result = auth.observe(call(token).await);
        done(result);
    });
}

/// Loads a list into `items`, keeping `status` in step. Offline, it says so
/// without trying.
pub fn load<T, Fut>(
    auth: Auth,
    status: RwSignal<Status>,
    items: RwSignal<T>,
    call: impl FnOnce(String) -> Fut + 'static,
) where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    if !online() {
        status.set(Status::offline());
        return;
    }
    status.set(Status::Loading);
    run(auth, call, move |result| match result {
        Ok(list) => {
            items.try_set(list);
            status.try_set(Status::Ready);
        }
        Err(e) => {
            status.try_set(Status::Failed(e));
        }
    });
}

/// Loading…, or why the list is not there, with a button to try again.
#[component]
pub fn StatusLine(status: RwSignal<Status>, retry: Callback<()>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    move || match status.get() {
        Status::Ready => None,
        Status::Loading => {
            Some(view! { <p class="hint loading">{tr(lang, Text::Loading)}</p> }.into_any())
        }
        Status::Failed(e) => {
            let text = move || {
                if e == ApiError::Transient(Transient::Network) {
                    crate::text::i18n::t(lang.get(), Text::OfflineNoList).to_owned()
                } else {
                    errors::api_error(&e, lang.get())
                }
            };
            Some(
                view! {
                    <div class="notice notice-warn load-problem" role="status">
                        <p class="offline-note">{text}</p>
                        <button type="button" class="button button-secondary retry"
                            on:click=move |_| retry.run(())>
                            {tr(lang, Text::Retry)}
                        </button>
                    </div>
                }
                .into_any(),
            )
        }
    }
}

/// Why an action failed, in the current language, while there is a reason.
#[component]
pub fn ActionError(
    error: RwSignal<Option<Problem>>,
    /// An id for the message, for tests and `aria-describedby`.
    #[prop(optional)]
    id: &'static str,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let id = (!id.is_empty()).then_some(id);
    move || {
        error.get().map(|e| {
            let text = move || errors::problem(&e, lang.get());
            view! { <p id=id class="form-error" role="alert">{text}</p> }
        })
    }
}

/// Offers a file fetched from the server and says what became of it:
/// `done` once offered, else why not (the server's refusal, the network's,
/// or the browser's).
pub fn offer_fetched(
    fetched: Result<Vec<u8>, ApiError>,
    name: &str,
    mime: &str,
    done: &str,
    lang: Lang,
) -> String {
    match fetched {
        Ok(bytes) => match download::offer(name, mime, &bytes) {
            Ok(()) => done.to_owned(),
            Err(_) => errors::download_refused(lang).to_owned(),
        },
        Err(e) => errors::api_error(&e, lang),
    }
}
