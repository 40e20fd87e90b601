//! The form that records one activity on the phone, for one of the
//! organisations the account may record for.

use crate::clock;
use crate::components::OrgSelect;
use crate::errors;
use crate::form::{FieldError, FormInput};
use crate::i18n::{t, tr, Lang, Text};
use crate::ledger::{self, Ledger};
use crate::orgs;
use crate::sync::SyncDriver;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::access::Principal;
use shared::device::AddError;
use shared::kind::{is_sensitive, DEFAULT_KINDS};
use shared::org::OrgTree;
use shared::validate::Field;
use uuid::Uuid;

/// What the form says under its button after a submit.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Saved,
    CheckFields,
    Failed(AddError),
}

/// Organisation, kind, title, date, place, counts and note; saves to the
/// phone, then syncs.
#[component]
pub fn EntryForm(
    /// The signed-in account, whose last-used organisation is remembered.
    username: String,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let sync = expect_context::<SyncDriver>();
    let tree = expect_context::<Memo<OrgTree>>();
    let who = expect_context::<Memo<Principal>>();

    // The organisations offered, and the one chosen (by id).
    let options = Memo::new(move |_| tree.with(|t| orgs::writable(t, &who.get())));
    let last = ledger::last_org(&username);
    let initial =
        options.with_untracked(|o| orgs::default_org(o, last, who.get_untracked().org_id));
    let org = RwSignal::new(initial.map(|id| id.to_string()).unwrap_or_default());
    // Starts with the last used (or own) one; falls back when the chosen one
    // is no longer offered (retired, moved away).
    Effect::new(move |_| {
        options.with(|opts| {
            let current = org.get_untracked().parse::<Uuid>().ok();
            if current.is_none_or(|c| !opts.iter().any(|(id, _)| *id == c)) {
                let own = who.get_untracked().org_id;
                let chosen = orgs::default_org(opts, last, own);
                org.set(chosen.map(|id| id.to_string()).unwrap_or_default());
            }
        })
    });

    let kind = RwSignal::new(DEFAULT_KINDS[0].code.to_owned());
    let title = RwSignal::new(String::new());
    let date = RwSignal::new(clock::today().to_string());
    let place = RwSignal::new(String::new());
    let sessions = RwSignal::new("1".to_owned());
    let participants = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let outcome = RwSignal::new(None::<Outcome>);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = FormInput {
            org: org.get_untracked(),
            kind: kind.get_untracked(),
            title: title.get_untracked(),
            date: date.get_untracked(),
            place: place.get_untracked(),
            sessions: sessions.get_untracked(),
            participants: participants.get_untracked(),
            note: note.get_untracked(),
        };
        let principal = who.get_untracked();
        let made = tree.with_untracked(|t| {
            input.to_entry(Uuid::now_v7(), clock::now_ms(), clock::today(), |id| {
                principal.check_write(t, id)
            })
        });
        let org_id = made.as_ref().map(|e| e.org_id).ok();
        let result = made.map_err(|found| (found, None)).and_then(|entry| {
            ledger.add(entry).map_err(|e| match e {
                AddError::Invalid(rules) => {
                    (rules.into_iter().map(FieldError::Rule).collect(), None)
                }
                other => (Vec::new(), Some(other)),
            })
        });
        match result {
            Ok(()) => {
                // Only now is the entry on the phone. Kind, date and place stay
                // for the next entry of the same day.
                problems.set(Vec::new());
                outcome.set(Some(Outcome::Saved));
                if let Some(id) = org_id {
                    ledger::remember_org(&username, id);
                }
                title.set(String::new());
                sessions.set("1".to_owned());
                participants.set(String::new());
                note.set(String::new());
                sync.request();
            }
            Err((found, failure)) => {
                problems.set(found);
                outcome.set(Some(failure.map_or(Outcome::CheckFields, Outcome::Failed)));
            }
        }
    };

    let status_text = Signal::derive(move || {
        outcome.with(|o| match o {
            None => String::new(),
            Some(Outcome::Saved) => t(lang.get(), Text::Saved).to_owned(),
            Some(Outcome::CheckFields) => t(lang.get(), Text::CheckFields).to_owned(),
            Some(Outcome::Failed(e)) => errors::add_error(e, lang.get()),
        })
    });
    let saved = Signal::derive(move || outcome.with(|o| *o == Some(Outcome::Saved)));
    let label = move |field: Field| Signal::derive(move || field.label(lang.get()));
    let optional = Signal::derive(move || match lang.get() {
        Lang::Zh => format!("（{}）", t(Lang::Zh, Text::Optional)),
        Lang::En => format!(" ({})", t(Lang::En, Text::Optional)),
    });
    let invalid = move |field: Option<Field>| {
        Signal::derive(move || {
            let bad = problems.with(|p| p.iter().any(|e| e.field() == field));
            if bad {
                "true"
            } else {
                "false"
            }
        })
    };
    let max_date = clock::today().add_days(1).to_string();

    view! {
        <section class="card" aria-labelledby="form-heading">
            <h2 id="form-heading">{tr(lang, Text::FormHeading)}</h2>
            <form id="entry-form" class="entry-form" novalidate on:submit=on_submit>
                <div class="field">
                    <label for="org">{tr(lang, Text::Organisation)}</label>
                    <OrgSelect id="org" name="org" options=options.into() chosen=org invalid=invalid(None)/>
                    <Show when=move || options.with(Vec::is_empty)>
                        <p class="field-error">{tr(lang, Text::NoOrgToRecord)}</p>
                    </Show>
                    <FieldErrors field=None problems/>
                </div>
                <div class="field">
                    <label for="kind">{label(Field::Kind)}</label>
                    <select id="kind" name="kind" on:change:target=move |ev| kind.set(ev.target().value())>
                        {DEFAULT_KINDS.iter().map(|k| view! {
                            <option value=k.code selected=k.code == DEFAULT_KINDS[0].code>
                                {Signal::derive(move || kind_label(k.code, lang.get()))}
                            </option>
                        }).collect_view()}
                    </select>
                    <Show when=move || kind.with(|k| is_sensitive(k))>
                        <p id="sensitive-hint" class="hint sensitive-hint">{tr(lang, Text::SensitiveHint)}</p>
                    </Show>
                    <FieldErrors field=Some(Field::Kind) problems/>
                </div>
                <div class="field">
                    <label for="title">{label(Field::Title)}</label>
                    <input id="title" name="title" type="text" autocomplete="off" maxlength="100"
                        aria-invalid=invalid(Some(Field::Title)) aria-describedby="title-error"
                        bind:value=title/>
                    <FieldErrors field=Some(Field::Title) problems/>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="date">{label(Field::Date)}</label>
                        <input id="date" name="date" type="date" required
                            max=max_date
                            aria-invalid=invalid(Some(Field::Date)) aria-describedby="date-error"
                            bind:value=date/>
                        <FieldErrors field=Some(Field::Date) problems/>
                    </div>
                    <div class="field">
                        <label for="place">{label(Field::Place)}<span class="optional">{optional}</span></label>
                        <input id="place" name="place" type="text" autocomplete="off" maxlength="100"
                            aria-invalid=invalid(Some(Field::Place)) aria-describedby="place-error"
                            bind:value=place/>
                        <FieldErrors field=Some(Field::Place) problems/>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="sessions">{label(Field::Sessions)}</label>
                        <input id="sessions" name="sessions" type="text" inputmode="numeric" autocomplete="off"
                            aria-invalid=invalid(Some(Field::Sessions)) aria-describedby="sessions-error"
                            bind:value=sessions/>
                        <FieldErrors field=Some(Field::Sessions) problems/>
                    </div>
                    <div class="field">
                        <label for="participants">{label(Field::Participants)}<span class="optional">{optional}</span></label>
                        <input id="participants" name="participants" type="text" inputmode="numeric" autocomplete="off"
                            aria-invalid=invalid(Some(Field::Participants)) aria-describedby="participants-error"
                            bind:value=participants/>
                        <FieldErrors field=Some(Field::Participants) problems/>
                    </div>
                </div>
                <div class="field">
                    <label for="note">{label(Field::Note)}<span class="optional">{optional}</span></label>
                    <textarea id="note" name="note" rows="3"
                        aria-invalid=invalid(Some(Field::Note)) aria-describedby="note-error"
                        prop:value=note
                        on:input:target=move |ev| note.set(ev.target().value())></textarea>
                    <FieldErrors field=Some(Field::Note) problems/>
                </div>
                <button type="submit" class="button button-primary">{tr(lang, Text::Save)}</button>
                <p id="form-status" class="form-status" role="status"
                    class:form-status-ok=saved>
                    {status_text}
                </p>
            </form>
        </section>
    }
}

/// A kind's name; sensitive kinds say who will see them.
fn kind_label(code: &str, lang: Lang) -> String {
    let Some(kind) = shared::kind::find_kind(code) else {
        return code.to_owned();
    };
    if kind.sensitive {
        match lang {
            Lang::Zh => format!("{}（{}）", kind.name(lang), t(lang, Text::SensitiveMark)),
            Lang::En => format!("{} ({})", kind.name(lang), t(lang, Text::SensitiveMark)),
        }
    } else {
        kind.name(lang).to_owned()
    }
}

/// The messages for one field, in the current language.
#[component]
fn FieldErrors(
    /// The field whose messages to show (`None`: the organisation).
    field: Option<Field>,
    /// Every problem the last submit found.
    problems: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let id = format!("{}-error", field.map_or("org", Field::id));
    let messages = move || {
        problems.with(|p| {
            p.iter()
                .filter(|e| e.field() == field)
                .map(|e| view! { <p class="field-error">{errors::field_error(e, lang.get())}</p> })
                .collect_view()
        })
    };
    view! { <div id=id class="field-errors">{messages}</div> }
}
