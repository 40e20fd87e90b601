//! A `<select>` over every value of a small enum (an organisation's kind, an
//! account's role), named in the screen's language, its value the wire name.

use crate::platform::api;
use crate::text::i18n::Lang;
use leptos::prelude::*;
use serde::Serialize;

/// One `<select>` of `options`, starting at `initial`; `value` holds the
/// chosen value's wire name.
#[component]
pub fn Choice<T>(
    /// The element's id (its `<label for>`).
    id: &'static str,
    /// The form field's name.
    name: &'static str,
    /// Every value offered, in order.
    options: &'static [T],
    /// The value selected at first.
    initial: T,
    /// What a value is called, in a language.
    label: fn(T, Lang) -> &'static str,
    /// The chosen value's wire name.
    value: RwSignal<String>,
) -> impl IntoView
where
    T: Copy + PartialEq + Serialize + Send + Sync + 'static,
{
    let lang = expect_context::<ReadSignal<Lang>>();
    view! {
        <select id=id name=name on:change:target=move |ev| value.set(ev.target().value())>
            {options.iter().map(|option| {
                let option = *option;
                view! {
                    <option value=api::wire_name(&option) selected=option == initial>
                        {move || label(option, lang.get())}
                    </option>
                }
            }).collect_view()}
        </select>
    }
}
