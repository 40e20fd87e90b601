//! The form's two choices: the organisation (from those the account may
//! record for, starting with the last entry's) and the level.

use super::entry_fields::FieldErrors;
use crate::logic::form::{FieldError, FormInput};
use crate::logic::org_list;
use crate::screens::parts::OrgSelect;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::access::Principal;
use shared::catalogue::Shape;
use shared::entry::Level;
use shared::org::OrgTree;
use shared::validate::Field;
use uuid::Uuid;

/// The organisation, from those the account may record for.
#[component]
pub fn OrgField(
    /// The organisation the last entry of this kind used.
    last: Option<Uuid>,
    /// The chosen organisation (also cleared by the carried-over note).
    chosen: RwSignal<String>,
    input: RwSignal<FormInput>,
    problems: RwSignal<Vec<FieldError>>,
    /// The kind is sensitive: only organisations whose sensitive records the
    /// account may read are offered.
    sensitive: bool,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let tree = expect_context::<Memo<OrgTree>>();
    let who = expect_context::<Memo<Principal>>();
    let options = Memo::new(move |_| tree.with(|t| org_list::writable(t, &who.get(), sensitive)));
    // A new entry starts with the organisation of the last entry of its kind
    // (or its own); any entry falls back when its organisation is no longer
    // offered.
    Effect::new(move |_| {
        options.with(|opts| {
            let current = chosen.get_untracked().parse::<Uuid>().ok();
            if current.is_none_or(|c| !opts.iter().any(|(id, _)| *id == c)) {
                let own = who.get_untracked().org_id;
                let pick = org_list::default_org(opts, last, own);
                chosen.set(pick.map(|id| id.to_string()).unwrap_or_default());
            }
        })
    });
    Effect::new(move |_| {
        let org = chosen.get();
        input.update(|i| i.org = org);
    });
    let invalid = Signal::derive(move || {
        if problems.with(|p| p.iter().any(|e| e.field() == Field::Org)) {
            "true"
        } else {
            "false"
        }
    });
    view! {
        <div class="field">
            <label for="org">{move || Field::Org.label(lang.get())}</label>
            <OrgSelect id="org" name="org" options=options.into() chosen invalid/>
            <Show when=move || options.with(Vec::is_empty)>
                <p class="field-error">{zh_en(lang, "此账号没有可以记录的组织。", "This account has no organisation to record for.")}</p>
            </Show>
            <FieldErrors field=Field::Org problems/>
        </div>
    }
}

/// The level: where the activity was held, or the honour given.
#[component]
pub fn LevelSelect(input: RwSignal<FormInput>, shape: Shape) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let label = move || match (shape, lang.get()) {
        (Shape::Honour { .. }, Lang::Zh) => "表彰级别",
        (Shape::Honour { .. }, Lang::En) => "Honour level",
        (_, l) => Field::Level.label(l),
    };
    view! {
        <div class="field">
            <label for="level">{label}</label>
            <select id="level" name="level"
                on:change:target=move |ev| input.update(|i| i.level = ev.target().value())>
                {Level::ALL.into_iter().map(|level| view! {
                    <option value=level.code()
                        prop:selected=move || input.with(|i| i.level == level.code())>
                        {move || level.label(lang.get())}
                    </option>
                }).collect_view()}
            </select>
        </div>
    }
}
