//! The title bar with the language switch and, when signed in, who is
//! signed in and the sign-out button (passed in as children).

use crate::text::i18n::{other, tr, Lang, Text};
use leptos::prelude::*;

/// The app's name, the 中文 / EN toggle, and whatever the screen adds below.
#[component]
pub fn Header(#[prop(optional)] children: Option<Children>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let set_lang = expect_context::<WriteSignal<Lang>>();
    let toggle_lang = Signal::derive(move || other(lang.get()).tag());
    view! {
        <header class="app-header">
            <div class="app-header-row">
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
            </div>
            {children.map(|c| c())}
        </header>
    }
}
