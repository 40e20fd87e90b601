//! One entry in a list (home, history): what, when, where, how many, and
//! where it stands — only on this phone (and when the last attempt to send
//! it failed) → sending → received with the server's receipt number, or
//! refused with the reason; its photos' states (仅在本机 / 上传中 42 % /
//! 已上传). Tapping it opens it for editing, for accounts that may record.

use crate::logic::org_list;
use crate::state::ledger::Row;
use crate::state::nav::{Nav, Screen};
use crate::text::entry_words::entry_summary;
use crate::text::errors;
use crate::text::i18n::{t, tr, Lang, Text};
use crate::text::moments;
use leptos::prelude::*;
use shared::access::{Principal, Role};
use shared::catalogue::Catalogue;
use shared::device::EntryStatus;
use shared::org::OrgTree;

/// One entry of this phone.
#[component]
pub fn EntryItem(
    /// The entry and its state when the list was drawn.
    row: Row,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let tree = expect_context::<Memo<OrgTree>>();
    let nav = expect_context::<Nav>();
    let who = expect_context::<Memo<Principal>>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    let Row {
        entry,
        status,
        from_here,
    } = row;
    let origin = if from_here { "device" } else { "server" };
    let state = status_code(&status);
    let org_id = entry.org_id;
    let org = Signal::derive(move || tree.with(|t| org_list::name_of(t, &org_id, lang.get())));
    let tag = view! { <SensitiveTag kind=entry.kind.clone()/> };
    let id = entry.id;
    let kind = entry.kind.clone();
    let details = {
        let entry = entry.clone();
        Signal::derive(move || {
            let l = lang.get();
            let kind = catalogue.with(|c| c.kind_name(&entry.kind, l).to_owned());
            let when = match entry.end_date {
                Some(end) => format!("{}–{}", entry.date, end),
                None => entry.date.to_string(),
            };
            let place = if entry.place.is_empty() {
                t(l, Text::NoPlace)
            } else {
                entry.place.as_str()
            };
            format!("{kind} · {when} · {place}")
        })
    };
    let counts = {
        let entry = entry.clone();
        Signal::derive(move || catalogue.with(|c| entry_summary(c, &entry, lang.get())))
    };
    let badge = match &status {
        EntryStatus::OnDevice { .. } => tr(lang, Text::OnDevice).into_any(),
        EntryStatus::Sending => tr(lang, Text::Sending).into_any(),
        EntryStatus::Received { change_no } => view! {
            {tr(lang, Text::Received)} " #" <span class="receipt">{*change_no}</span>
        }
        .into_any(),
        EntryStatus::NeedsAttention { .. } => tr(lang, Text::NeedsAttention).into_any(),
    };
    // The reason goes on its own line: it can be long.
    let problem = match status.clone() {
        EntryStatus::NeedsAttention { reason } => Some(Signal::derive(move || {
            catalogue.with(|c| errors::reject_reason(&reason, lang.get(), c, &kind))
        })),
        _ => None,
    };
    // When the last attempt to send it failed (it is still only here).
    let failed = match status {
        EntryStatus::OnDevice {
            failed_at_ms: Some(ms),
        } => Some(Signal::derive(move || {
            let l = lang.get();
            format!(
                "{}（{}）",
                t(l, Text::AttemptFailed),
                moments::describe_moment(ms, l)
            )
        })),
        _ => None,
    };
    // Each photo's state, as this phone knows it (a pulled entry's photos
    // are not on this phone: only their number).
    let photo_line = (!entry.photos.is_empty()).then(|| {
        let list = entry.photos.clone();
        let photos = use_context::<crate::state::photos::Photos>();
        Signal::derive(move || {
            let l = lang.get();
            let states: Vec<String> = list
                .iter()
                .filter_map(|p| photos.and_then(|ph| ph.record(p)).map(|r| r.label(l)))
                .collect();
            let head = match l {
                Lang::Zh => format!("照片 {} 张", list.len()),
                Lang::En => format!("{} photos", list.len()),
            };
            if states.is_empty() {
                head
            } else {
                format!("{head}：{}", states.join(" · "))
            }
        })
    });
    let may_edit = Signal::derive(move || who.get().role != Role::Viewer);
    let title = entry.title.clone();
    view! {
        <li class="entry" data-id=id.to_string() data-status=state data-kind=entry.kind.clone()
            data-origin=origin>
            <div class="entry-head">
                <Show when=move || may_edit.get()
                    fallback={
                        let title = title.clone();
                        move || view! { <span class="entry-title">{title.clone()}</span> }
                    }>
                    <button type="button" class="entry-open entry-title"
                        on:click=move |_| nav.go(Screen::Edit { id })>
                        {title.clone()}
                    </button>
                </Show>
                <span class=format!("badge badge-{state}")>{badge}</span>
            </div>
            <p class="entry-org">{org} {tag}</p>
            <p class="entry-meta">{details}</p>
            <p class="entry-counts">{counts}</p>
            {photo_line.map(|text| view! { <p class="entry-photos">{text}</p> })}
            {failed.map(|text| view! { <p class="entry-attempt">{text}</p> })}
            {problem.map(|text| view! { <p class="entry-problem">{text}</p> })}
        </li>
    }
}

/// "仅本组织可见" beside an entry of a sensitive kind.
#[component]
pub(crate) fn SensitiveTag(kind: String) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    catalogue
        .with_untracked(|c| c.is_sensitive(&kind))
        .then(|| view! { <span class="tag-sensitive">{tr(lang, Text::SensitiveMark)}</span> })
}

/// The `data-status` value end-to-end tests look for.
fn status_code(status: &EntryStatus) -> &'static str {
    match status {
        EntryStatus::OnDevice { .. } => "on_device",
        EntryStatus::Sending => "sending",
        EntryStatus::Received { .. } => "received",
        EntryStatus::NeedsAttention { .. } => "needs_attention",
    }
}
