//! 全部记录: what the server holds for this account's scope (the server
//! decides the scope), fetched when online, newest first.

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
use shared::org::OrgTree;
use shared::sync::protocol::ServerEntry;

/// Entries per page asked for.
const PAGE: u32 = 500;
/// Pages fetched at most in one go (a phone's memory and a 2G link).
const MAX_PAGES: usize = 20;

/// The server's listing for the account.
#[component]
pub fn ServerEntries() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let sync = expect_context::<SyncDriver>();
    let items = RwSignal::new(Vec::<ServerEntry>::new());
    let status = RwSignal::new(Status::Loading);
    let fetch = move || {
        if !online() {
            status.set(Status::offline());
            return;
        }
        status.set(Status::Loading);
        let Some(token) = auth.token() else {
            return;
        };
        crate::platform::task::spawn(async move {
            let result = auth.observe(fetch_all(&token).await);
            match result {
                Ok(mut list) => {
                    list.reverse();
                    items.try_set(list);
                    status.try_set(Status::Ready);
                }
                Err(e) => {
                    status.try_set(Status::Failed(e));
                }
            }
        });
    };
    // On opening, and again whenever the phone comes back online.
    let net = sync.view();
    Effect::new(move |_| {
        if net.with(|v| v.online) {
            fetch();
        } else {
            status.set(Status::offline());
        }
    });
    let count = move || items.with(Vec::len).to_string();
    let empty = move || status.get() == Status::Ready && items.with(Vec::is_empty);
    view! {
        <section class="card" aria-labelledby="server-heading">
            <h2 id="server-heading">
                {tr(lang, Text::ServerHeading)}
                <span class="count">{count}</span>
            </h2>
            <StatusLine status retry=Callback::new(move |()| fetch())/>
            <Show when=empty>
                <p class="empty">{crate::text::i18n::zh_en(lang, "服务器上还没有记录。", "No entries on the server yet.")}</p>
            </Show>
            <ul id="server-entries" class="entries">
                {move || items.get().into_iter().map(|item| view! { <ServerItem item/> }).collect_view()}
            </ul>
        </section>
    }
}

/// Every page of the listing, in server order.
async fn fetch_all(token: &str) -> Result<Vec<ServerEntry>, ApiError> {
    let mut all = Vec::new();
    let mut after = 0;
    for _ in 0..MAX_PAGES {
        let page = api::entries(token, after, PAGE).await?;
        all.extend(page.entries.into_iter().filter(|e| !e.entry.deleted));
        match page.next_after {
            Some(next) if next > after => after = next,
            _ => break,
        }
    }
    Ok(all)
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
    view! {
        <li class="server-entry" data-id=entry.id.to_string()>
            <div class="entry-head">
                <span class="entry-title">{entry.title.clone()}</span>
                <span class="badge badge-received">{move || t(lang.get(), Text::Received)} " " {receipt}</span>
            </div>
            <p class="entry-org">{org} {tag}</p>
            <p class="entry-meta">{details}</p>
        </li>
    }
}
