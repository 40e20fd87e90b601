//! What a screen says when the phone holds less than it shows totals or
//! lists for: the phone keeps a window of the server's entries
//! (`crate::logic::mirror`); older ones are on the server, online.

use crate::logic::mirror::keeps_mirror;
use crate::screens::history::ServerMonth;
use crate::state::ledger::Ledger;
use crate::state::nav::{Nav, Screen};
use crate::state::session::Auth;
use crate::text::i18n::Lang;
use crate::text::window_words::{keeps_only, window_notice};
use leptos::prelude::*;
use shared::date::Period;

/// Under totals counted on the phone: says so when `period` starts before
/// what the phone holds.
#[component]
pub fn WindowNotice(period: Signal<Option<Period>>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let auth = expect_context::<Auth>();
    let text = move || {
        let p = period.get()?;
        let held_from = ledger.read(|s| s.held_from()).flatten();
        window_notice(held_from, p, auth.window_years(), lang.get())
    };
    view! {
        {move || text().map(|t| view! {
            <p id="window-notice" class="notice notice-warn" role="status">{t}</p>
        })}
    }
}

/// Under the history: older entries than the phone holds are on the
/// server; "更早的记录" opens the server's listing (online). An office
/// account keeps no entries on the phone at all: it is pointed to the
/// server's listing instead.
#[component]
pub fn EarlierEntries() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let nav = expect_context::<Nav>();
    let auth = expect_context::<Auth>();
    let office = move || !keeps_mirror(auth.principal().role);
    let shown = move || office() || ledger.read(|s| s.held_from()).flatten().is_some();
    view! {
        <Show when=shown>
            <p class="hint">{move || {
                let l = lang.get();
                if office() {
                    return l.pick(
                        "办公账号不在本机保存记录；全部记录请联网在“服务器”中查看。",
                        "Office accounts keep no entries on the phone; go online to see them all under Server.",
                    ).to_owned();
                }
                let end = match l { Lang::Zh => "。", Lang::En => "." };
                format!("{}{end}", keeps_only(auth.window_years(), l))
            }}</p>
            <button type="button" id="earlier-entries" class="button button-secondary"
                on:click=move |_| {
                    // Her phone keeps from `held_from` on: the listing opens
                    // on the month before it (she can pick another).
                    if let (Some(month), Some(from)) = (
                        use_context::<ServerMonth>(),
                        ledger.read(|s| s.held_from()).flatten(),
                    ) {
                        month.0.set(Some(Period::month_of(from.add_days(-1))));
                    }
                    nav.go(Screen::Server)
                }>
                {move || if office() {
                    lang.get().pick("服务器上的记录", "Entries on the server")
                } else {
                    lang.get().pick("更早的记录", "Earlier entries")
                }}
            </button>
        </Show>
    }
}
