//! A `<select>` of organisations (indented by depth), used by the entry form
//! and the admin screens. Lists here and on the admin screens are short and
//! change rarely, so they are redrawn whole rather than keyed (`<For>` adds
//! its code once per item type).

use leptos::prelude::*;
use uuid::Uuid;

/// The select; `chosen` holds the chosen organisation's id ("" for `top`).
#[component]
pub fn OrgSelect(
    #[prop(into)] id: String,
    name: &'static str,
    /// The organisations offered, in order, with their indented labels.
    options: Signal<Vec<(Uuid, String)>>,
    chosen: RwSignal<String>,
    /// A first option with the empty value (e.g. "top level"), if wanted.
    #[prop(optional)]
    top: Option<Signal<&'static str>>,
    #[prop(optional, into)] class: String,
    #[prop(optional)] invalid: Option<Signal<&'static str>>,
) -> impl IntoView {
    let top = top.map(|label| {
        view! { <option value="" prop:selected=move || chosen.with(String::is_empty)>{label}</option> }
    });
    let id = (!id.is_empty()).then_some(id);
    view! {
        <select id=id name=name class=class aria-invalid=invalid
            on:change:target=move |ev| chosen.set(ev.target().value())>
            {top}
            {move || options.get().into_iter().map(|(id, label)| view! { <OrgOption id label chosen/> }).collect_view()}
        </select>
    }
}

/// One organisation, selected while it is the chosen one.
#[component]
fn OrgOption(id: Uuid, label: String, chosen: RwSignal<String>) -> impl IntoView {
    let value = id.to_string();
    let selected = {
        let value = value.clone();
        move || chosen.with(|c| *c == value)
    };
    view! { <option value=value prop:selected=selected>{label}</option> }
}
