//! 审计 (admin): the audit log, newest first, a page at a time.

use crate::platform::api;
use crate::screens::parts::server_call::{online, run, Status, StatusLine};
use crate::state::session::Auth;
use crate::text::i18n::{tr, zh_en, Lang, Text};
use crate::text::moments;
use leptos::prelude::*;
use shared::account::AuditRecord;
use shared::audit::sentence;

/// Records per page.
const PAGE: u32 = 50;

/// The screen.
#[component]
pub fn AuditLog() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let records = RwSignal::new(Vec::<AuditRecord>::new());
    let status = RwSignal::new(Status::Loading);
    // Where the next (older) page starts; `None` once the oldest is shown.
    let next = RwSignal::new(None::<i64>);
    let fetch = move |before: Option<i64>| {
        if !online() {
            status.set(Status::offline());
            return;
        }
        status.set(Status::Loading);
        run(
            auth,
            move |t| async move { api::audit(&t, before, PAGE).await },
            move |r| match r {
                Ok(page) => {
                    records.try_update(|list| {
                        if before.is_none() {
                            list.clear();
                        }
                        list.extend(page.records);
                    });
                    next.try_set(page.next_before);
                    status.try_set(Status::Ready);
                }
                Err(e) => {
                    status.try_set(Status::Failed(e));
                }
            },
        );
    };
    fetch(None);
    let more = move || next.get().is_some() && status.get() == Status::Ready;
    view! {
        <section class="card" aria-labelledby="audit-heading">
            <h2 id="audit-heading">{zh_en(lang, "审计日志", "Audit log")}</h2>
            <ul id="audit-list" class="rows">
                {move || records.get().into_iter().map(|record| view! { <AuditRow record/> }).collect_view()}
            </ul>
            <StatusLine status retry=Callback::new(move |()| fetch(next.get_untracked()))/>
            <Show when=more>
                <button id="audit-more" type="button" class="button button-secondary"
                    on:click=move |_| fetch(next.get_untracked())>
                    {tr(lang, Text::More)}
                </button>
            </Show>
        </section>
    }
}

/// One line: when, then who (and her organisation) on which device did
/// what to what, in words (`shared::audit::sentence`): names, never ids.
#[component]
fn AuditRow(record: AuditRecord) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let at_ms = record.at_ms;
    let when = move || moments::describe_moment(at_ms, lang.get());
    let code = record.action.clone();
    let id = record.id.to_string();
    let said = move || sentence(&record, lang.get());
    view! {
        <li class="audit row" data-id=id data-action=code>
            <p class="row-meta audit-when">{when}</p>
            <p class="audit-sentence">{said}</p>
        </li>
    }
}
