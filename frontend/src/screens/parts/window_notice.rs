//! What a screen says when the phone holds less than it shows totals or
//! lists for: the phone keeps a window of the server's entries
//! (`crate::logic::mirror`); older ones are on the server, online.

use crate::state::ledger::Ledger;
use crate::state::nav::{Nav, Screen};
use crate::text::i18n::{zh_en, Lang};
use crate::text::window_words::window_notice;
use leptos::prelude::*;
use shared::date::Period;

/// Under totals counted on the phone: says so when `period` starts before
/// what the phone holds.
#[component]
pub fn WindowNotice(period: Signal<Option<Period>>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let text = move || {
        let p = period.get()?;
        window_notice(ledger.read(|s| s.held_from()).flatten(), p, lang.get())
    };
    view! {
        {move || text().map(|t| view! {
            <p id="window-notice" class="notice notice-warn" role="status">{t}</p>
        })}
    }
}

/// Under the history: older entries than the phone holds are on the
/// server; "更早的记录" opens the server's listing (online).
#[component]
pub fn EarlierEntries() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let nav = expect_context::<Nav>();
    view! {
        <Show when=move || ledger.read(|s| s.held_from()).flatten().is_some()>
            <p class="hint">{zh_en(lang,
                "本机只保存近两年的记录；更早的请联网查看。",
                "This phone keeps only the last two years; go online for older entries.")}</p>
            <button type="button" id="earlier-entries" class="button button-secondary"
                on:click=move |_| nav.go(Screen::Server)>
                {zh_en(lang, "更早的记录", "Earlier entries")}
            </button>
        </Show>
    }
}
