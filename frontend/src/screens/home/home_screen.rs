//! The first screen: one big "记录活动" button, this month's and this year's
//! totals computed on the phone (offline), the newest entries, the storage
//! and sync state, and the export.

use super::conflicts::ConflictsCard;
use super::export_button::ExportButton;
use super::roster::RosterCard;
use super::storage_notice::StorageNotice;
use super::sync_status::SyncStatus;
use crate::logic::mirror;
use crate::platform::clock;
use crate::screens::parts::{EntryItem, FlashBar, OfflineNotice, SumsRow, WindowNotice};
use crate::state::ledger::{Ledger, Row};
use crate::state::nav::{Nav, Screen};
use crate::text::figures;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::access::{Principal, Role};
use shared::catalogue::Catalogue;
use shared::date::Period;
use shared::report::totals::Sums;

/// How many of the newest entries the home screen lists.
const RECENT: usize = 5;

/// The home screen.
#[component]
pub fn Home(
    /// The signed-in account (names the export file).
    username: String,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let nav = expect_context::<Nav>();
    let who = expect_context::<Memo<Principal>>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    let today = clock::today();
    let month = Memo::new(move |_| catalogue.with(|c| ledger.totals(c, Period::month_of(today))));
    let year = Memo::new(move |_| {
        crate::platform::timing::measure("totals", || {
            catalogue.with(|c| ledger.totals(c, Period::year_of(today)))
        })
    });
    let recent = Memo::new(move |_| ledger.recent(RECENT));
    let may_record = Signal::derive(move || who.get().role != Role::Viewer);
    // Totals counted on the phone mean something only where it mirrors the
    // server (a cadre's window, `logic::mirror`).
    let mirror = Signal::derive(move || mirror::keeps_mirror(who.get().role));
    view! {
        <FlashBar/>
        <StorageNotice/>
        <OfflineNotice/>
        <ConflictsCard/>
        <Show when=move || may_record.get()
            fallback=move || view! { <p class="hint card">{zh_en(lang, "只读账号：可以查看，不能记录。", "Read-only account: you can look, not record.")}</p> }>
            <button id="record-activity" type="button" class="button button-primary button-big"
                on:click=move |_| nav.go(Screen::PickKind)>
                <span aria-hidden="true" class="big-plus">"+"</span>
                {zh_en(lang, "记录活动", "Record an activity")}
            </button>
        </Show>
        <Show when=move || mirror.get()
            fallback=move || view! { <p id="office-hint" class="hint card">{zh_en(lang,
                "本账号不在手机上保存服务器的记录：统计请看“报表”，记录请看“全部记录”（需联网；最近打开的报表离线也能看）。",
                "This account keeps no copy of the server's entries on the phone: see Reports for totals and All entries for the list (online; the latest reports opened stay readable offline).")}</p> }>
            <section class="card totals" aria-labelledby="totals-heading">
                <h2 id="totals-heading">{zh_en(lang, "本组织合计", "Totals of your organisation")}</h2>
                <div class="totals-grid">
                    <TotalsBlock id="totals-month" heading=zh_en(lang, "本月", "This month") sums=Signal::derive(move || month.get().all)/>
                    <TotalsBlock id="totals-year" heading=zh_en(lang, "今年", "This year") sums=Signal::derive(move || year.get().all)/>
                </div>
                <LineTable totals=year/>
                // Only when eviction took entries of this very year (a
                // window larger than the budget): the totals then say so.
                <WindowNotice period=Signal::derive(move || Some(Period::year_of(today)))/>
            </section>
        </Show>
        <SyncStatus/>
        <section class="card" aria-labelledby="recent-heading">
            <h2 id="recent-heading">{zh_en(lang, "最近记录", "Latest entries")}</h2>
            <Show when=move || recent.with(Vec::is_empty)>
                <p class="empty">{zh_en(lang, "还没有记录。点上面的“记录活动”开始。", "Nothing recorded yet. Tap “Record an activity” to start.")}</p>
            </Show>
            <ul id="recent-list" class="entries">
                <For each=move || recent.get() key=Row::key let:row>
                    <EntryItem row/>
                </For>
            </ul>
            <button type="button" id="open-history" class="button button-secondary"
                on:click=move |_| nav.go(Screen::History)>
                {zh_en(lang, "查看全部记录", "All entries")}
            </button>
        </section>
        <RosterCard/>
        <ExportButton username/>
    }
}

/// The totals of one period: records, then every unit with a sum.
#[component]
fn TotalsBlock(
    id: &'static str,
    heading: Signal<&'static str>,
    sums: Signal<Sums>,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let records = Signal::derive(move || sums.with(|s| figures::thousands(s.records)));
    let lines = move || {
        let l = lang.get();
        sums.with(|s| {
            s.by_unit
                .iter()
                .filter(|(_, v)| **v > 0)
                .map(|(unit, v)| {
                    let text = figures::count(*v, *unit, l);
                    view! { <li data-unit=shared_unit_code(*unit)>{text}</li> }
                })
                .collect_view()
        })
    };
    view! {
        <div id=id class="totals-block">
            <h3>{heading}</h3>
            <p class="totals-records"><span class="totals-number">{records}</span>
                " " {move || match (lang.get(), sums.with(|s| s.records)) {
                    (Lang::Zh, _) => "条记录",
                    (Lang::En, 1) => "entry",
                    (Lang::En, _) => "entries",
                }}</p>
            <ul class="totals-units">{lines}</ul>
        </div>
    }
}

/// This year's totals per work line, for the lines with entries.
#[component]
fn LineTable(totals: Memo<shared::report::totals::Totals>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    let rows = move || {
        let l = lang.get();
        catalogue.with(|c| {
            totals.with(|t| {
                c.lines
                    .iter()
                    .filter_map(|line| {
                        let sums = t.by_line.get(&line.code)?;
                        let detail = figures::units(sums, l);
                        let name = line.name(l).to_owned();
                        let records = sums.records;
                        Some(view! {
                            <SumsRow name records detail {..} data-line=line.code.clone()/>
                        })
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <Show when=move || totals.with(|t| !t.by_line.is_empty())>
            <details class="line-table">
                <summary>{zh_en(lang, "今年各条线", "This year by work line")}</summary>
                <table id="totals-by-line">
                    <thead><tr>
                        <th scope="col">{zh_en(lang, "工作线", "Work line")}</th>
                        <th scope="col">{zh_en(lang, "条数", "Entries")}</th>
                        <th scope="col">{zh_en(lang, "合计", "Totals")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </Show>
    }
}

/// The unit's wire name, for tests that read a total.
fn shared_unit_code(unit: shared::catalogue::Unit) -> String {
    crate::platform::api::wire_name(&unit)
}
