//! 全部记录: what the server holds for this account's scope (the server
//! decides the scope), fetched when online, newest first by date, a page at
//! a time (显示更多), optionally one month (the way to an older month than
//! the phone keeps: "更早的记录" opens this listing on the month before).
//! An entry with photos shows its thumbnails, each opening the viewer.

use crate::logic::org_list;
use crate::platform::api::{self, ApiError};
use crate::screens::parts::entry_item::SensitiveTag;
use crate::screens::parts::server_call::{online, Status, StatusLine};
use crate::state::session::Auth;
use crate::state::sync::SyncDriver;
use crate::text::entry_words::entry_summary;
use crate::text::i18n::{t, tr, Lang, Text};
use leptos::prelude::*;
use shared::catalogue::Catalogue;
use shared::date::{LocalDate, Period};
use shared::listing::{DatedPage, DatedQuery};
use shared::org::OrgTree;
use shared::sync::protocol::ServerEntry;

/// The month the listing shows (none: every month), kept while the account's
/// workspace lives so that "更早的记录" can open the listing on a month.
#[derive(Debug, Clone, Copy)]
pub struct ServerMonth(pub RwSignal<Option<Period>>);

impl ServerMonth {
    /// A new filter showing every month.
    pub fn new() -> Self {
        ServerMonth(RwSignal::new(None))
    }
}

impl Default for ServerMonth {
    fn default() -> Self {
        Self::new()
    }
}

/// The server's listing for the account.
#[component]
pub fn ServerEntries() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let sync = expect_context::<SyncDriver>();
    let month = use_context::<ServerMonth>().unwrap_or_default().0;
    let items = RwSignal::new(Vec::<ServerEntry>::new());
    let status = RwSignal::new(Status::Loading);
    // The query of the next page, when the last one said more follow.
    let next = RwSignal::new(None::<DatedQuery>);
    // `more`: append the next page; otherwise start again from the newest.
    let fetch = move |more: bool| {
        if !online() {
            status.set(Status::offline());
            return;
        }
        let query = match (more, next.get_untracked()) {
            (true, Some(q)) => q,
            (true, None) => return,
            (false, _) => DatedQuery::first(month.get_untracked()),
        };
        let Some(token) = auth.token() else {
            return;
        };
        status.set(Status::Loading);
        crate::platform::task::spawn(async move {
            let result: Result<DatedPage, ApiError> =
                auth.observe(api::entries_by_date(&token, &query).await);
            match result {
                Ok(page) => {
                    next.try_set(query.next(&page));
                    items.try_update(|list| {
                        if !more {
                            list.clear();
                        }
                        list.extend(page.entries);
                    });
                    status.try_set(Status::Ready);
                }
                Err(e) => {
                    status.try_set(Status::Failed(e));
                }
            }
        });
    };
    // On opening, whenever the month changes, and again whenever the phone
    // comes back online.
    let net = sync.view();
    Effect::new(move |_| {
        month.track();
        if net.with(|v| v.online) {
            fetch(false);
        } else {
            status.set(Status::offline());
        }
    });
    let count = move || items.with(Vec::len).to_string();
    let empty = move || status.get() == Status::Ready && items.with(Vec::is_empty);
    let has_more = move || next.with(Option::is_some) && status.get() == Status::Ready;
    let month_value = move || {
        month
            .get()
            .map(|p| format!("{:04}-{:02}", p.from.year(), p.from.month()))
            .unwrap_or_default()
    };
    let pick_month = move |ev: leptos::ev::Event| {
        month.set(parse_month(&event_target_value(&ev)));
    };
    view! {
        <section class="card" aria-labelledby="server-heading">
            <h2 id="server-heading">
                {tr(lang, Text::ServerHeading)}
                <span class="count">{count}</span>
            </h2>
            <div class="filters">
                <label class="field">
                    <span>{move || lang.get().pick("月份", "Month")}</span>
                    <input id="server-month" type="month" prop:value=month_value on:change=pick_month/>
                </label>
                <Show when=move || month.with(Option::is_some)>
                    <button type="button" id="server-all-months" class="button button-secondary"
                        on:click=move |_| month.set(None)>
                        {move || lang.get().pick("全部月份", "All months")}
                    </button>
                </Show>
            </div>
            <StatusLine status retry=Callback::new(move |()| fetch(!items.with(Vec::is_empty)))/>
            <Show when=empty>
                <p class="empty">{move || match month.get() {
                    Some(_) => lang.get().pick("这个月服务器上没有记录。", "No entries on the server for this month."),
                    None => lang.get().pick("服务器上还没有记录。", "No entries on the server yet."),
                }}</p>
            </Show>
            <ul id="server-entries" class="entries">
                <For each=move || items.get() key=|item| (item.entry.id, item.change_no) let:item>
                    <ServerItem item/>
                </For>
            </ul>
            <Show when=has_more>
                <button type="button" id="server-more" class="button button-secondary"
                    on:click=move |_| fetch(true)>
                    {move || lang.get().pick("显示更多", "Show more")}
                </button>
            </Show>
        </section>
    }
}

/// The month of an `<input type="month">` value ("2025-07"); none when empty
/// or not a month (an old browser showing a text box).
fn parse_month(value: &str) -> Option<Period> {
    let day: LocalDate = format!("{}-01", value.trim()).parse().ok()?;
    Some(Period::month_of(day))
}

/// One entry on the server: title, organisation, kind, date, counts.
#[component]
fn ServerItem(item: ServerEntry) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let tree = expect_context::<Memo<OrgTree>>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    let entry = item.entry;
    let org_id = entry.org_id;
    let shown = entry.clone();
    let tag = view! { <SensitiveTag kind=entry.kind.clone()/> };
    let org = Signal::derive(move || tree.with(|t| org_list::name_of(t, &org_id, lang.get())));
    let details = Signal::derive(move || {
        let l = lang.get();
        let (kind, counts) = catalogue.with(|c| {
            (
                c.kind_name(&shown.kind, l).to_owned(),
                entry_summary(c, &shown, l),
            )
        });
        format!("{kind} · {} · {counts}", shown.date)
    });
    let receipt = format!("#{}", item.change_no);
    let photos = view! { <crate::screens::parts::PhotoStrip photos=entry.photos.clone() title=entry.title.clone()/> };
    view! {
        <li class="server-entry" data-id=entry.id.to_string() data-date=entry.date.to_string()>
            <div class="entry-head">
                <span class="entry-title">{entry.title.clone()}</span>
                <span class="badge badge-received">{move || t(lang.get(), Text::Received)} " " {receipt}</span>
            </div>
            <p class="entry-org">{org} {tag}</p>
            <p class="entry-meta">{details}</p>
            {photos}
        </li>
    }
}
