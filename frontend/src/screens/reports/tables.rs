//! The report's tables: totals per work line and kind, one row per
//! organisation, and the organisations that recorded nothing.

use crate::screens::parts::SumsRow;
use crate::text::figures;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::catalogue::Catalogue;
use shared::entry::Level;
use shared::report::build::{KindReport, Report};

/// A kind's counts by label, its committee changes and levels, exact.
fn kind_text(kind: &KindReport, catalogue: &Catalogue, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(def) = catalogue.kind(&kind.code) {
        for c in &def.counts {
            if let Some(v) = kind.cell.counts.get(&c.key).filter(|v| **v > 0) {
                parts.push(format!(
                    "{} {}",
                    c.label(lang),
                    figures::count(*v, c.unit, lang)
                ));
            }
        }
    }
    if parts.is_empty() {
        // Honours count households or persons, not counts of their own.
        parts.push(figures::units(&kind.sums, lang));
    }
    for (change, n) in &kind.cell.changes {
        parts.push(format!("{} {n}", change.label(lang)));
    }
    let high: Vec<String> = [Level::Province, Level::City, Level::County]
        .into_iter()
        .filter_map(|l| {
            let n = kind.cell.by_level.get(&l).copied().unwrap_or(0);
            (n > 0).then(|| format!("{} {n}", l.label(lang)))
        })
        .collect();
    if !high.is_empty() {
        parts.push(high.join(" "));
    }
    parts.join(" · ")
}

/// Per work line: entries and totals, each kind beneath.
#[component]
pub fn LineTotals(report: StoredValue<Report>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    let rows = move || {
        let l = lang.get();
        report.with_value(|r| {
            catalogue.with(|c| {
                r.lines
                    .iter()
                    .filter(|line| line.sums.records > 0)
                    .map(|line| {
                        let name = c.line(&line.code).map_or_else(
                            || l.pick("其他", "Other").to_owned(),
                            |w| w.name(l).to_owned(),
                        );
                        let kinds = line
                            .kinds
                            .iter()
                            .map(|k| {
                                let kname = c.kind_name(&k.code, l).to_owned();
                                let records = k.cell.records();
                                let detail = kind_text(k, c, l);
                                view! {
                                    <SumsRow name=kname records detail name_class="kind-name"
                                        {..} class="kind-row" data-kind=k.code.clone()/>
                                }
                            })
                            .collect_view();
                        let records = line.sums.records;
                        let detail = figures::units(&line.sums, l);
                        view! {
                            <tbody data-line=line.code.clone()>
                                <SumsRow name records detail {..} class="line-row"/>
                                {kinds}
                            </tbody>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <section class="card report-lines-card" aria-labelledby="line-totals-heading">
            <h2 id="line-totals-heading">{zh_en(lang, "各条线合计", "Totals by work line")}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="line-totals-heading">
                <table id="report-lines" class="report-table">
                    <thead><tr>
                        <th scope="col">{zh_en(lang, "工作线 / 活动", "Work line / kind")}</th>
                        <th scope="col" class="num">{zh_en(lang, "条数", "Entries")}</th>
                        <th scope="col">{zh_en(lang, "合计", "Totals")}</th>
                    </tr></thead>
                    {rows}
                </table>
            </div>
        </section>
    }
}

/// One row per organisation under the root: entries per work line.
#[component]
pub fn OrgTable(report: StoredValue<Report>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    let table = move || {
        let l = lang.get();
        report.with_value(|r| {
            catalogue.with(|c| {
                // Only the lines somebody recorded in get a column.
                let lines: Vec<(String, String)> = r
                    .lines
                    .iter()
                    .filter(|line| line.sums.records > 0)
                    .map(|line| {
                        let name = c
                            .line(&line.code)
                            .map_or_else(|| l.pick("其他", "Other").to_owned(), |w| w.name(l).to_owned());
                        (line.code.clone(), name)
                    })
                    .collect();
                let head = lines
                    .iter()
                    .map(|(_, name)| view! { <th scope="col" class="num">{name.clone()}</th> })
                    .collect_view();
                let body = r
                    .orgs
                    .iter()
                    .filter(|o| !o.own || o.sums.records > 0)
                    .map(|o| {
                        let name = if o.own {
                            format!("{}{}", o.name, l.pick("（本级）", " (own)"))
                        } else {
                            o.name.clone()
                        };
                        let cells = lines
                            .iter()
                            .map(|(code, _)| {
                                let n = o.records_by_line.get(code).copied().unwrap_or(0);
                                view! { <td class="num" class:zero=n == 0>{n}</td> }
                            })
                            .collect_view();
                        let records = o.sums.records;
                        view! {
                            <tr class="org-row" class:silent=records == 0 data-org=o.org_id.to_string()>
                                <th scope="row">{name}</th>
                                <td class="num">{records}</td>
                                {cells}
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table id="report-orgs" class="report-table">
                        <thead><tr>
                            <th scope="col">{l.pick("组织", "Organisation")}</th>
                            <th scope="col" class="num">{l.pick("合计", "All")}</th>
                            {head}
                        </tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                }
            })
        })
    };
    view! {
        <section class="card" aria-labelledby="org-table-heading">
            <h2 id="org-table-heading">{zh_en(lang, "各组织记录数", "Entries by organisation")}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="org-table-heading">{table}</div>
        </section>
    }
}

/// Who recorded nothing in the period: whom the office should call.
#[component]
pub fn Silent(report: StoredValue<Report>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let count = report.with_value(|r| r.silent.len());
    let items = move || {
        report.with_value(|r| {
            r.silent
                .iter()
                .map(|s| {
                    let kind = s.kind.name(lang.get());
                    view! {
                        <li class="silent-org" data-org=s.org_id.to_string()>
                            <strong>{s.path.clone()}</strong> " " <span class="hint">{kind}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="silent-heading">
            <h2 id="silent-heading">{zh_en(lang, "本期没有记录的组织", "Recorded nothing in this period")}
                <span class="count">{count}</span></h2>
            <Show when=move || count == 0>
                <p class="empty">{zh_en(lang, "每个组织都有记录。", "Every organisation recorded something.")}</p>
            </Show>
            <ul id="silent-orgs" class="silent-list">{items}</ul>
        </section>
    }
}
