//! "沿用上次": what a new entry took over from the last entry of its kind
//! (organisation, place, level), said above the form, with one tap to clear
//! it, so nothing is stored at a place nobody typed for it.

use crate::logic::form::FormInput;
use crate::logic::org_list;
use crate::state::prefs::Carried;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::access::Principal;
use shared::entry::Level;
use shared::org::OrgTree;

/// The note, while what it names is in the form; gone once cleared.
#[component]
pub fn CarriedNote(
    /// What the last entry of this kind used.
    carried: Carried,
    /// The form's values (place and level are cleared here).
    input: RwSignal<FormInput>,
    /// The chosen organisation (set back to the account's default).
    org: RwSignal<String>,
    /// The kind is sensitive (the default is then one whose sensitive
    /// records the account may read).
    sensitive: bool,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let tree = expect_context::<Memo<OrgTree>>();
    let who = expect_context::<Memo<Principal>>();
    let own = who.get_untracked().org_id;
    let shown = RwSignal::new(carried.shows(own));
    let text = {
        let carried = carried.clone();
        move || {
            let l = lang.get();
            let mut parts = Vec::new();
            if let Some(id) = carried.org.filter(|o| *o != own) {
                parts.push(tree.with(|t| org_list::name_of(t, &id, l)));
            }
            if !carried.place.is_empty() {
                parts.push(carried.place.clone());
            }
            let level = carried.level_or_default();
            if level != Level::Village.code() {
                if let Some(level) = Level::ALL.into_iter().find(|x| x.code() == level) {
                    parts.push(level.label(l).to_owned());
                }
            }
            parts.join(" · ")
        }
    };
    let clear = move |_| {
        input.update(|i| {
            i.place.clear();
            i.level = Level::Village.code().to_owned();
        });
        let opts = tree.with_untracked(|t| org_list::writable(t, &who.get_untracked(), sensitive));
        let fresh = org_list::default_org(&opts, None, own);
        org.set(fresh.map(|id| id.to_string()).unwrap_or_default());
        shown.set(false);
    };
    view! {
        <Show when=move || shown.get()>
            <div id="carried" class="notice notice-info carried" role="status">
                <p>
                    <span class="carried-label">{zh_en(lang, "沿用上次：", "As last time: ")}</span>
                    <span id="carried-values">{text.clone()}</span>
                </p>
                <button id="carried-clear" type="button" class="button button-small button-secondary"
                    on:click=clear>
                    {zh_en(lang, "清除", "Clear")}
                </button>
            </div>
        </Show>
    }
}
