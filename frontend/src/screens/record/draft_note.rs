//! A new entry's form keeps what is typed as a draft of its kind
//! (`crate::state::draft`) while it is open, and says when it opened with one:
//! "已恢复上次没有保存的内容" with a way to start afresh.

use crate::logic::form::FormInput;
use crate::state::draft;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;

/// Keeps the form's content as the draft of its kind while it changes.
pub fn keep_drafts(username: String, fresh: FormInput, input: RwSignal<FormInput>) {
    Effect::new(move |_| input.with(|typed| draft::keep(&username, typed, &fresh)));
}

/// The note of a restored draft, with 重新填写 (start from a fresh form).
#[component]
pub fn DraftNote(
    /// The fresh form of this kind (what 重新填写 goes back to).
    fresh: FormInput,
    /// The form's values.
    input: RwSignal<FormInput>,
    /// The chosen organisation (set back with the rest).
    org: RwSignal<String>,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let shown = RwSignal::new(true);
    let restart = move |_| {
        org.set(fresh.org.clone());
        input.set(fresh.clone());
        shown.set(false);
    };
    view! {
        <Show when=move || shown.get()>
            <div id="draft-restored" class="notice notice-info carried" role="status">
                <p>{zh_en(lang, "已恢复上次没有保存的内容。", "What you typed last time and did not save is back.")}</p>
                <button id="draft-discard" type="button" class="button button-small button-secondary"
                    on:click=restart.clone()>
                    {zh_en(lang, "重新填写", "Start afresh")}
                </button>
            </div>
        </Show>
    }
}
