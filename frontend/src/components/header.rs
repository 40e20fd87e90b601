//! The title bar with the language switch.

use crate::i18n::{other, tr, Lang, Text};
use leptos::prelude::*;

/// The app's name and the 中文 / EN toggle.
#[component]
pub fn Header(
    /// The current language.
    lang: ReadSignal<Lang>,
    /// Switches the language.
    set_lang: WriteSignal<Lang>,
) -> impl IntoView {
    let toggle_lang = Signal::derive(move || other(lang.get()).tag());
    view! {
        <header class="app-header">
            <div class="brand">
                <img class="brand-mark" src="/icons/icon.svg" alt="" width="36" height="36"/>
                <div>
                    <h1>{tr(lang, Text::AppName)}</h1>
                    <p class="tagline">{tr(lang, Text::Tagline)}</p>
                </div>
            </div>
            <button
                id="lang-toggle"
                type="button"
                class="lang-toggle"
                lang=toggle_lang
                on:click=move |_| set_lang.update(|l| *l = other(*l))
            >
                {tr(lang, Text::LangToggle)}
            </button>
        </header>
    }
}
