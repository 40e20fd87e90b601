//! The entries on this phone, newest first, each with where it stands.

use crate::errors;
use crate::i18n::{t, tr, Lang, Text};
use crate::ledger::{Ledger, Row};
use crate::orgs;
use leptos::prelude::*;
use shared::device::EntryStatus;
use shared::kind::find_kind;
use shared::org::OrgTree;

/// Every entry kept on this phone.
#[component]
pub fn EntryList() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let rows = Memo::new(move |_| ledger.rows());
    let count = Signal::derive(move || rows.with(Vec::len).to_string());
    view! {
        <section class="card" aria-labelledby="list-heading">
            <h2 id="list-heading">
                {tr(lang, Text::ListHeading)}
                <span class="count">{count}</span>
            </h2>
            <Show when=move || rows.with(Vec::is_empty)>
                <p class="empty">{tr(lang, Text::ListEmpty)}</p>
            </Show>
            <ul id="entry-list" class="entries">
                <For each=move || rows.get() key=Row::key let:row>
                    <EntryItem row/>
                </For>
            </ul>
        </section>
    }
}

/// One entry: what, when, where, how many, and its sync state.
#[component]
fn EntryItem(
    /// The entry and its state when the list was drawn.
    row: Row,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let tree = expect_context::<Memo<OrgTree>>();
    let Row { entry, status } = row;
    let state = status_code(&status);
    let org_id = entry.org_id;
    let org = Signal::derive(move || tree.with(|t| orgs::name_of(t, &org_id, lang.get())));
    let tag = view! { <SensitiveTag kind=entry.kind.clone()/> };
    let details = Signal::derive(move || {
        let l = lang.get();
        let kind = find_kind(&entry.kind).map_or(entry.kind.as_str(), |k| k.name(l));
        let place = if entry.place.is_empty() {
            t(l, Text::NoPlace)
        } else {
            entry.place.as_str()
        };
        format!("{kind} · {} · {place}", entry.date)
    });
    let counts =
        Signal::derive(move || counts_text(entry.sessions, entry.participants, lang.get()));
    let badge = match &status {
        EntryStatus::OnDevice => tr(lang, Text::OnDevice).into_any(),
        EntryStatus::Sent => tr(lang, Text::Sent).into_any(),
        EntryStatus::Received { change_no } => view! {
            {tr(lang, Text::Received)} " #" <span class="receipt">{*change_no}</span>
        }
        .into_any(),
        EntryStatus::NeedsAttention { .. } => tr(lang, Text::NeedsAttention).into_any(),
    };
    // The reason goes on its own line: it can be long.
    let problem = match status {
        EntryStatus::NeedsAttention { reason } => Some(Signal::derive(move || {
            errors::reject_reason(&reason, lang.get())
        })),
        _ => None,
    };
    view! {
        <li class="entry" data-id=entry.id.to_string() data-status=state>
            <div class="entry-head">
                <span class="entry-title">{entry.title.clone()}</span>
                <span class=format!("badge badge-{state}")>{badge}</span>
            </div>
            <p class="entry-org">{org} {tag}</p>
            <p class="entry-meta">{details}</p>
            <p class="entry-counts">{counts}</p>
            {problem.map(|text| view! { <p class="entry-problem">{text}</p> })}
        </li>
    }
}

/// "仅本组织可见" beside an entry of a sensitive kind.
#[component]
pub(crate) fn SensitiveTag(kind: String) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    shared::kind::is_sensitive(&kind)
        .then(|| view! { <span class="tag-sensitive">{tr(lang, Text::SensitiveMark)}</span> })
}

/// "1场 · 46人次": sessions, and participants when there were any.
pub(crate) fn counts_text(sessions: u32, participants: u32, lang: Lang) -> String {
    let mut text = count_text(sessions, lang, Text::SessionsUnit, Text::SessionUnit);
    if participants > 0 {
        text += " · ";
        text += &count_text(
            participants,
            lang,
            Text::ParticipantsUnit,
            Text::ParticipantUnit,
        );
    }
    text
}

/// "3场" / "3 sessions" / "1 session".
pub(crate) fn count_text(n: u32, lang: Lang, many: Text, one: Text) -> String {
    format!("{n}{}", t(lang, if n == 1 { one } else { many }))
}

/// The `data-status` value end-to-end tests look for.
fn status_code(status: &EntryStatus) -> &'static str {
    match status {
        EntryStatus::OnDevice => "on_device",
        EntryStatus::Sent => "sent",
        EntryStatus::Received { .. } => "received",
        EntryStatus::NeedsAttention { .. } => "needs_attention",
    }
}
