//! History: the entries on this phone, grouped by month, newest first;
//! filtered by work line, kind and period, and by words. The query itself is
//! `shared::device::history`; the filters and their periods are
//! `crate::logic::history_filter`, kept by the workspace so that they survive an edit.

use crate::logic::history_filter::{HistoryFilters, PeriodChoice};
use crate::platform::clock;
use crate::screens::parts::{EntryItem, FlashBar};
use crate::state::ledger::{Ledger, Row};
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::catalogue::Catalogue;
use shared::device::history;

/// How many entries are drawn at first; more on request (cheap phones).
const FIRST_DRAWN: usize = 200;

/// The history screen.
#[component]
pub fn History() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    // The workspace's, so that they outlive this screen (open, edit, back).
    let filters = use_context::<RwSignal<HistoryFilters>>()
        .unwrap_or_else(|| RwSignal::new(HistoryFilters::default()));
    let line = Memo::new(move |_| filters.with(|f| f.line.clone()));
    let kind = Memo::new(move |_| filters.with(|f| f.kind.clone()));
    let period = Memo::new(move |_| filters.with(|f| f.period));
    let drawn = RwSignal::new(FIRST_DRAWN);

    let query = Memo::new(move |_| filters.with(|f| f.query(clock::today())));
    let groups = Memo::new(move |_| {
        crate::platform::timing::measure("history", || {
            let rows = ledger.rows();
            query.with(|q| catalogue.with(|c| history(rows, |r: &Row| &r.entry, q, c)))
        })
    });
    let total = Memo::new(move |_| groups.with(|g| g.iter().map(|m| m.items.len()).sum::<usize>()));

    let line_options = move || {
        let l = lang.get();
        catalogue.with(|c| {
            c.lines
                .iter()
                .map(|w| {
                    let code = w.code.clone();
                    let selected = {
                        let code = code.clone();
                        move || line.with(|v| *v == code)
                    };
                    view! { <option value=code prop:selected=selected>{w.name(l).to_owned()}</option> }
                })
                .collect_view()
        })
    };
    let kind_options = move || {
        let l = lang.get();
        let chosen_line = line.get();
        catalogue.with(|c| {
            c.kinds
                .iter()
                .filter(|k| chosen_line.is_empty() || k.line == chosen_line)
                .map(|k| {
                    let code = k.code.clone();
                    let selected = {
                        let code = code.clone();
                        move || kind.with(|v| *v == code)
                    };
                    view! { <option value=code prop:selected=selected>{k.name(l).to_owned()}</option> }
                })
                .collect_view()
        })
    };
    // Drawn within the limit, month by month.
    let months = move || {
        let l = lang.get();
        let mut left = drawn.get();
        groups.with(|gs| {
            gs.iter()
                .map_while(|g| {
                    if left == 0 {
                        return None;
                    }
                    let rows: Vec<Row> = g.items.iter().take(left).cloned().collect();
                    left -= rows.len();
                    let heading = match l {
                        Lang::Zh => format!("{}年{}月", g.year, g.month),
                        Lang::En => format!("{}-{:02}", g.year, g.month),
                    };
                    let count = g.items.len();
                    Some(view! {
                        <section class="month" data-month=format!("{}-{:02}", g.year, g.month)>
                            <h3>{heading} <span class="count">{count}</span></h3>
                            <ul class="entries">
                                <For each=move || rows.clone() key=Row::key let:row>
                                    <EntryItem row/>
                                </For>
                            </ul>
                        </section>
                    })
                })
                .collect_view()
        })
    };
    let period_options = move || {
        PeriodChoice::ALL
            .into_iter()
            .map(|c| {
                let (zh, en) = c.words();
                view! {
                    <option value=c.code() prop:selected=move || period.get() == c>
                        {zh_en(lang, zh, en)}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <FlashBar/>
        <section class="card" aria-labelledby="history-heading">
            <h2 id="history-heading">
                {zh_en(lang, "历史记录", "History")}
                <span class="count" id="history-count">{move || total.get()}</span>
            </h2>
            <div class="filters">
                <div class="field">
                    <label for="search">{zh_en(lang, "搜索", "Search")}</label>
                    <input id="search" type="search" autocomplete="off"
                        placeholder=zh_en(lang, "名称、地点、姓名…", "Title, place, name…")
                        prop:value=move || filters.with(|f| f.text.clone())
                        on:input:target=move |ev| filters.update(|f| f.text = ev.target().value())/>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="filter-line">{zh_en(lang, "工作线", "Work line")}</label>
                        <select id="filter-line" on:change:target=move |ev| filters.update(|f| f.choose_line(ev.target().value()))>
                            <option value="" prop:selected=move || line.with(String::is_empty)>{zh_en(lang, "全部", "All")}</option>
                            {line_options}
                        </select>
                    </div>
                    <div class="field">
                        <label for="filter-kind">{zh_en(lang, "类型", "Kind")}</label>
                        <select id="filter-kind" on:change:target=move |ev| filters.update(|f| f.kind = ev.target().value())>
                            <option value="" prop:selected=move || kind.with(String::is_empty)>{zh_en(lang, "全部", "All")}</option>
                            {kind_options}
                        </select>
                    </div>
                </div>
                <div class="field">
                    <label for="filter-period">{zh_en(lang, "时间", "Period")}</label>
                    <select id="filter-period" on:change:target=move |ev| {
                        let choice = PeriodChoice::from_code(&ev.target().value());
                        filters.update(|f| f.choose(choice, clock::today()));
                    }>
                        {period_options}
                    </select>
                </div>
                <Show when=move || period.get() == PeriodChoice::Month>
                    <div class="field">
                        <label for="filter-month">{zh_en(lang, "月份", "Month")}</label>
                        <input id="filter-month" type="month"
                            prop:value=move || filters.with(|f| f.month.clone())
                            on:change:target=move |ev| filters.update(|f| f.month = ev.target().value())/>
                    </div>
                </Show>
                <Show when=move || period.get() == PeriodChoice::Range>
                    <div class="field-row">
                        <div class="field">
                            <label for="filter-from">{zh_en(lang, "从", "From")}</label>
                            <input id="filter-from" type="date"
                                prop:value=move || filters.with(|f| f.from.clone())
                                on:change:target=move |ev| filters.update(|f| f.from = ev.target().value())/>
                        </div>
                        <div class="field">
                            <label for="filter-to">{zh_en(lang, "到", "To")}</label>
                            <input id="filter-to" type="date"
                                prop:value=move || filters.with(|f| f.to.clone())
                                on:change:target=move |ev| filters.update(|f| f.to = ev.target().value())/>
                        </div>
                    </div>
                </Show>
            </div>
            <Show when=move || total.get() == 0>
                <p class="empty">{zh_en(lang, "没有符合条件的记录。", "No entries match.")}</p>
            </Show>
            <div id="entry-list">{months}</div>
            <Show when=move || { total.get() > drawn.get() }>
                <button type="button" id="show-more" class="button button-secondary"
                    on:click=move |_| drawn.update(|d| *d += FIRST_DRAWN)>
                    {zh_en(lang, "显示更多", "Show more")}
                </button>
            </Show>
            <crate::screens::parts::EarlierEntries/>
        </section>
    }
}
