//! 审计 (admin): the audit log, newest first, a page at a time, filtered by
//! person, organisation, action and days (the filter kept while paging).

use crate::logic::org_list;
use crate::platform::admin_api::{self, AuditFilter};
use crate::platform::api;
use crate::screens::parts::server_call::{online, run, Status, StatusLine};
use crate::screens::parts::OrgSelect;
use crate::state::session::Auth;
use crate::text::i18n::{tr, zh_en, Lang, Text};
use crate::text::moments;
use leptos::prelude::*;
use shared::account::AuditRecord;
use shared::account::UserInfo;
use shared::audit::{sentence, AuditAction};
use shared::org::OrgTree;
use uuid::Uuid;

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
    let filter = RwSignal::new(AuditFilter::default());
    let fetch = move |before: Option<i64>| {
        if !online() {
            status.set(Status::offline());
            return;
        }
        status.set(Status::Loading);
        run(
            auth,
            move |t| async move {
                let f = filter.get_untracked();
                admin_api::audit(&t, &f, before, PAGE).await
            },
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
            <AuditFilters filter on_apply=Callback::new(move |()| fetch(None))/>
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

/// The filters: person, organisation, action, from and to (days).
#[component]
fn AuditFilters(filter: RwSignal<AuditFilter>, on_apply: Callback<()>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let users = RwSignal::new(Vec::<UserInfo>::new());
    let orgs = RwSignal::new(Vec::<(Uuid, String)>::new());
    run(
        auth,
        |t| async move { api::users(&t).await },
        move |r| {
            if let Ok(list) = r {
                users.try_set(list);
            }
        },
    );
    run(
        auth,
        |t| async move { api::orgs(&t).await },
        move |r| {
            if let Ok(list) = r {
                orgs.try_set(org_list::live(&OrgTree::new(list)));
            }
        },
    );
    let (user, org, action, from, to) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        filter.set(AuditFilter {
            user: user.get_untracked().parse().ok(),
            org: org.get_untracked().parse().ok(),
            action: action.get_untracked(),
            from: from.get_untracked(),
            to: to.get_untracked(),
        });
        on_apply.run(());
    };
    let everyone = Signal::derive(move || lang.get().pick("全部组织", "Every organisation"));
    view! {
        <form id="audit-filters" class="filters" on:submit=apply>
            <label for="audit-user">{zh_en(lang, "人员", "Person")}</label>
            <select id="audit-user" on:change:target=move |ev| user.set(ev.target().value())>
                <option value="">{zh_en(lang, "全部人员", "Everyone")}</option>
                {move || users.get().into_iter().map(|u| view! {
                    <option value=u.id.to_string()>{format!("{}（{}）", u.display_name, u.username)}</option>
                }).collect_view()}
            </select>
            <label for="audit-org">{zh_en(lang, "组织", "Organisation")}</label>
            <OrgSelect id="audit-org" name="org" options=orgs.into() chosen=org top=everyone/>
            <label for="audit-action">{zh_en(lang, "操作", "Action")}</label>
            <select id="audit-action" on:change:target=move |ev| action.set(ev.target().value())>
                <option value="">{zh_en(lang, "全部操作", "Every action")}</option>
                {AuditAction::ALL.into_iter().map(|a| view! {
                    <option value=a.code()>{move || a.label(lang.get())}</option>
                }).collect_view()}
            </select>
            <label for="audit-from">{zh_en(lang, "从", "From")}</label>
            <input id="audit-from" type="date" on:change:target=move |ev| from.set(ev.target().value())/>
            <label for="audit-to">{zh_en(lang, "到", "To")}</label>
            <input id="audit-to" type="date" on:change:target=move |ev| to.set(ev.target().value())/>
            <button id="audit-filter" type="submit" class="button button-secondary">{zh_en(lang, "筛选", "Filter")}</button>
        </form>
    }
}
