//! The form for one entry of one kind: only that kind's counts (numeric
//! keypads), the date defaulting to today, the organisation, place and level
//! of the last entry of that kind (said, and clearable), errors beside their
//! fields. Also edits an entry already on the phone, and deletes it (a
//! tombstone, with undo).

use super::carried_note::CarriedNote;
use super::choice_fields::{LevelSelect, OrgField};
use super::draft_note::{keep_drafts, DraftNote};
use super::entry_fields::{CountInputs, FieldErrors, PersonInputs, TextInput};
use super::photo_field::PhotoField;
use crate::logic::form::{FieldError, FormInput};
use crate::logic::saving::{self, Attempt, Outcome};
use crate::platform::clock;
use crate::state::draft;
use crate::state::ledger::Ledger;
use crate::state::nav::{Flash, Nav, Screen};
use crate::state::prefs::{Carried, Prefs};
use crate::state::sync::SyncDriver;
use crate::text::entry_words::kind_title;
use crate::text::errors;
use crate::text::i18n::{zh_en, Lang};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::access::Principal;
use shared::catalogue::{Catalogue, Shape};
use shared::device::AddError;
use shared::org::OrgTree;
use shared::validate::Field;
use shared::Entry;
use uuid::Uuid;

/// The form: a new entry of `kind`, or the entry `editing`.
#[component]
pub fn EntryForm(
    /// The signed-in account, whose last choices are remembered.
    username: String,
    /// The kind of a new entry (ignored when editing).
    #[prop(optional)]
    kind: String,
    /// The entry to edit.
    #[prop(optional)]
    editing: Option<Uuid>,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let nav = expect_context::<Nav>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();

    let row = editing.and_then(|id| ledger.row(&id));
    let refused = row.as_ref().and_then(|r| match &r.status {
        shared::device::EntryStatus::NeedsAttention { reason } => Some(reason.clone()),
        _ => None,
    });
    let base: Option<Entry> = row.map(|r| r.entry);
    if editing.is_some() && base.is_none() {
        return view! {
            <section class="card">
                <p class="notice notice-warn">{zh_en(lang, "这条记录已不在本机。", "This entry is no longer on this phone.")}</p>
                <button type="button" class="button button-secondary" on:click=move |_| nav.go(Screen::History)>
                    {zh_en(lang, "‹ 返回", "‹ Back")}
                </button>
            </section>
        }
        .into_any();
    }
    // A new entry starts with what the last entry of its kind used, said
    // above the form; never what another kind used.
    let carried = match &base {
        Some(_) => Carried::default(),
        None => Prefs::load(&username).carried(&kind),
    };
    let initial = match &base {
        Some(e) => catalogue.with_untracked(|c| FormInput::from_entry(e, c)),
        None => FormInput {
            kind: kind.clone(),
            title: catalogue
                .with_untracked(|c| c.kind_name(&kind, lang.get_untracked()).to_owned()),
            date: clock::today().to_string(),
            place: carried.place.clone(),
            level: carried.level_or_default(),
            ..FormInput::default()
        },
    };
    // What was typed last time into a form of this kind and not saved.
    let fresh = base.is_none().then(|| initial.clone());
    let restored = fresh.as_ref().and_then(|_| draft::load(&username, &kind));
    let initial = restored.clone().unwrap_or(initial);
    let org = RwSignal::new(initial.org.clone());
    let input = RwSignal::new(initial);
    if let Some(fresh) = &fresh {
        keep_drafts(username.clone(), fresh.clone(), input);
    }
    let kind_code = input.with_untracked(|i| i.kind.clone());
    let shape =
        catalogue.with_untracked(|c| c.kind(&kind_code).map_or(Shape::Activity, |k| k.shape));
    let sensitive = catalogue.with_untracked(|c| c.is_sensitive(&kind_code));
    let notes = fresh.map(|fresh| match restored {
        Some(_) => view! { <DraftNote fresh input org/> }.into_any(),
        None => view! { <CarriedNote carried=carried.clone() input org sensitive/> }.into_any(),
    });
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<AddError>);

    let deps = Deps {
        ledger,
        nav,
        catalogue,
        tree: expect_context::<Memo<OrgTree>>(),
        who: expect_context::<Memo<Principal>>(),
        sync: expect_context::<SyncDriver>(),
    };
    let on_submit = {
        let base = base.clone();
        let username = username.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            save(deps, &username, base.as_ref(), input, problems, failure);
        }
    };
    let delete = base.as_ref().map(|e| {
        let (id, title) = (e.id, e.title.clone());
        view! {
            <button id="delete-entry" type="button" class="button button-danger"
                on:click=move |_| match ledger.write(|s| s.set_deleted(&id, true, clock::now_ms())) {
                    Ok(()) => {
                        deps.sync.request();
                        nav.go_with(Screen::History, Flash::Deleted { id, title: title.clone() });
                    }
                    Err(e) => failure.set(Some(e)),
                }>
                {zh_en(lang, "删除这条记录", "Delete this entry")}
            </button>
        }
    });
    // An entry the server refused: why, and the way to give up this version.
    let refused_view = refused.map(|reason| {
        let id = base.as_ref().map(|e| e.id);
        let kind = kind_code.clone();
        let why = move || catalogue.with(|c| errors::reject_reason(&reason, lang.get(), c, &kind));
        view! {
            <div id="refused" class="notice notice-warn" role="status">
                <p>{zh_en(lang, "服务器没有接受这条记录的修改：", "The server did not accept this entry's change: ")} {why}</p>
                <p>{zh_en(lang, "请修改后重新保存，或放弃本机的修改。", "Correct it and save again, or give up this phone's version.")}</p>
                <button id="discard-entry" type="button" class="button button-small"
                    on:click=move |_| {
                        if let Some(id) = id {
                            match ledger.write(|s| s.discard(&id)) {
                                Ok(_) => {
                                    deps.sync.request();
                                    nav.go_with(Screen::History, Flash::Discarded);
                                }
                                Err(e) => failure.set(Some(AddError::Store(e))),
                            }
                        }
                    }>
                    {zh_en(lang, "放弃本机的修改", "Give up this phone's version")}
                </button>
            </div>
        }
    });
    let status_text = move || {
        let l = lang.get();
        match failure.get() {
            Some(e) => errors::add_error(&e, l),
            None if problems.with(|p| !p.is_empty()) => l
                .pick("请检查标红的内容", "Please check the marked fields")
                .to_owned(),
            None => String::new(),
        }
    };
    let heading = {
        let kind_code = kind_code.clone();
        move || catalogue.with(|c| kind_title(c, &kind_code, lang.get()))
    };
    let editing_now = base.is_some();
    let back = move |_| {
        nav.go(if editing_now {
            Screen::History
        } else {
            Screen::PickKind
        })
    };
    let is_activity = shape == Shape::Activity;

    view! {
        <section class="card" aria-labelledby="form-heading">
            <div class="screen-head">
                <button type="button" class="button button-small button-secondary back" on:click=back>
                    {zh_en(lang, "‹ 返回", "‹ Back")}
                </button>
                <h2 id="form-heading">{heading}</h2>
            </div>
            {refused_view}
            {sensitive.then(|| view! {
                <p id="sensitive-hint" class="hint sensitive-hint">
                    {zh_en(lang, "此类记录涉及个人隐私，仅本组织和管理员可见。", "Records of this kind are private: only your organisation and administrators can see them.")}
                </p>
            })}
            <form id="entry-form" class="entry-form" novalidate on:submit=on_submit
                data-kind=kind_code.clone() data-editing=editing_now.to_string()>
                {notes}
                <OrgField last=carried.org chosen=org input problems sensitive/>
                <TextInput id="title" field=Field::Title input problems acc=|i| &mut i.title maxlength=100/>
                <div class="field-row">
                    <TextInput id="date" field=Field::Date input problems acc=|i| &mut i.date input_type="date"/>
                    {is_activity.then(|| view! {
                        <TextInput id="end_date" field=Field::EndDate input problems acc=|i| &mut i.end_date
                            input_type="date" optional=true/>
                    })}
                </div>
                <CountInputs input problems kind=kind_code.clone()/>
                <PersonInputs input problems shape/>
                <div class="field-row">
                    <TextInput id="place" field=Field::Place input problems acc=|i| &mut i.place optional=true maxlength=100/>
                    <LevelSelect input shape/>
                </div>
                {is_activity.then(|| view! {
                    <TextInput id="partners" field=Field::Partners input problems acc=|i| &mut i.partners optional=true
                        hint=zh_en(lang, "多个单位用顿号隔开，如：民政办、扶贫办", "Separate several with commas, e.g. civil affairs office, poverty office")/>
                })}
                <TextInput id="note" field=Field::Note input problems acc=|i| &mut i.note optional=true multiline=true/>
                <PhotoField input problems/>
                <FieldErrors field=Field::Kind problems/>
                <button type="submit" class="button button-primary button-big">
                    {zh_en(lang, "保存到本机", "Save on this phone")}
                </button>
                <p id="form-status" class="form-status" role="status">{status_text}</p>
                {delete}
            </form>
        </section>
    }
    .into_any()
}

/// What saving needs, taken from context when the form is made (event
/// handlers run outside the component's owner).
#[derive(Clone, Copy)]
struct Deps {
    ledger: Ledger,
    nav: Nav,
    catalogue: RwSignal<Catalogue>,
    tree: Memo<OrgTree>,
    who: Memo<Principal>,
    sync: SyncDriver,
}

/// Saves the form (see `logic::saving`) and applies what came of it.
fn save(
    deps: Deps,
    username: &str,
    base: Option<&Entry>,
    input: RwSignal<FormInput>,
    problems: RwSignal<Vec<FieldError>>,
    failure: RwSignal<Option<AddError>>,
) {
    let Deps {
        ledger,
        nav,
        catalogue,
        tree,
        who,
        sync,
    } = deps;
    let form = input.get_untracked();
    let principal = who.get_untracked();
    let outcome = tree.with_untracked(|t| {
        catalogue.with_untracked(|c| {
            let attempt = Attempt {
                base,
                new_id: Uuid::now_v7(),
                now_ms: clock::now_ms(),
                today: clock::today(),
                catalogue: c,
                may_record: |id: &Uuid| {
                    principal.check_write_record(t, id, c.is_sensitive(&form.kind))
                },
            };
            saving::save(&form, attempt, |entry, new| {
                if new {
                    ledger.add(entry, c)
                } else {
                    ledger.edit(entry, c)
                }
            })
        })
    });
    match outcome {
        Outcome::Stored(stored) => {
            // Only now is the entry on the phone.
            let mut prefs = Prefs::load(username);
            prefs.remember(
                &stored.kind,
                stored.shape,
                stored.org,
                &stored.place,
                &stored.level,
            );
            prefs.save(username);
            if stored.new {
                draft::clear(username, &stored.kind);
                sync.request();
                nav.go_with(Screen::Home, Flash::Saved);
            } else {
                sync.request();
                nav.go_with(Screen::History, Flash::EditSaved);
            }
        }
        Outcome::Problems(found) => {
            failure.set(None);
            problems.set(found);
        }
        Outcome::Failed(other) => {
            problems.set(Vec::new());
            failure.set(Some(other));
        }
    }
}
