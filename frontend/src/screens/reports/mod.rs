//! 报表: the office's dashboard. Filters for period and organisation; the
//! server's report of that subtree (built by `shared::report`); totals per
//! work line, charts, one row per organisation, who recorded nothing;
//! exports (XLSX, CSV), a print layout (A4, `@media print` in app.css) and
//! the yearly summary draft. Offline, a cadre's phone counts its own entries
//! (saying when they cover less than the period); an office account shows
//! the copy of the report it last opened online (`state::report_cache`).

mod charts;
mod summary_draft;
mod summary_editor;
mod summary_photos;
mod tables;

use crate::logic::dashboard::{period, PeriodProblem, Preset};
use crate::logic::mirror::{self, report_source, ReportSource};
use crate::logic::org_list;
use crate::logic::sync_outcome::NetState;
use crate::platform::api::{self, ApiError, Transient};
use crate::platform::clock;
use crate::screens::parts::server_call::{online, Status, StatusLine};
use crate::state::ledger::Ledger;
use crate::state::report_cache::{self, CachedReport, ReportKey};
use crate::state::session::Auth;
use crate::text::i18n::{zh_en, Lang};
use crate::text::moments::describe_moment;
use leptos::prelude::*;
use shared::access::Principal;
use shared::api::{REPORT_CSV_PATH, REPORT_XLSX_PATH};
use shared::catalogue::Catalogue;
use shared::date::Period;
use shared::org::OrgTree;
use shared::report::build::{Report, ReportQuery};
use shared::report::wire::ReportParams;
use uuid::Uuid;

/// The dashboard screen.
#[component]
pub fn Reports() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let tree = expect_context::<Memo<OrgTree>>();
    let who = expect_context::<Memo<Principal>>();
    let today = clock::today();
    let preset = RwSignal::new(Preset::ThisYear);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let org = RwSignal::new(String::new());
    let report = RwSignal::new(None::<Report>);
    let status = RwSignal::new(Status::Loading);
    // Whether the report shown was computed on this phone (offline).
    let local = RwSignal::new(false);
    let ledger = expect_context::<Ledger>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();

    let options = Signal::derive(move || {
        let me = who.get();
        tree.with(|t| {
            org_list::in_order(t)
                .into_iter()
                .filter(|(_, o)| me.can_read_org(t, &o.id))
                .map(|(depth, o)| (o.id, org_list::indented(depth, &o.name)))
                .collect::<Vec<_>>()
        })
    });
    // Until chosen: the account's own organisation.
    Effect::new(move |_| {
        if org.with_untracked(String::is_empty) {
            org.set(who.get().org_id.to_string());
        }
    });
    let params = Memo::new(move |_| -> Result<ReportParams, PeriodProblem> {
        let p = period(
            preset.get(),
            today,
            from.with(|s| s.parse().ok()),
            to.with(|s| s.parse().ok()),
        )?;
        Ok(ReportParams {
            from: p.from,
            to: p.to,
            org: org.with(|s| s.parse::<Uuid>().ok()),
            lang: Some(lang.get()),
        })
    });
    // The network as the sync card states it: "online" by the browser's
    // word is not enough when the last request did not get through.
    let net = expect_context::<crate::state::sync::SyncDriver>().view();
    let usable = Memo::new(move |_| net.with(|v| v.net() == NetState::Online));
    // What this phone holds (its own entries and those it pulled), through
    // the same report code as the server's.
    let build_local = move |p: &ReportParams| {
        let root = p.org.unwrap_or(who.get_untracked().org_id);
        let query = ReportQuery {
            period: Period {
                from: p.from,
                to: p.to,
            },
            root,
        };
        let built = crate::platform::timing::measure("report", || {
            let tally = ledger.tally(query.period);
            catalogue
                .with_untracked(|c| tree.with_untracked(|t| Report::build(query, &tally, c, t)))
        });
        report.try_set(Some(built));
        local.try_set(true);
        status.try_set(Status::Ready);
    };
    // An office account keeps no mirror: offline, the copy of a report it
    // opened online; a cadre counts her phone's entries (`logic::mirror`).
    let mirror = mirror::keeps_mirror(who.get_untracked().role);
    let username = StoredValue::new(auth.username().unwrap_or_default());
    let cached_at = RwSignal::new(None::<i64>);
    let key_of = |p: &ReportParams| ReportKey {
        from: p.from,
        to: p.to,
        org: p.org,
    };
    let offline = move |p: &ReportParams| {
        let kept = username.with_value(|u| report_cache::load(u));
        let copy = report_cache::find(&kept, key_of(p));
        match report_source(false, mirror, copy.is_some()) {
            ReportSource::Phone => build_local(p),
            ReportSource::Cached => {
                if let Some(copy) = copy {
                    report.try_set(Some(copy.report.clone()));
                    cached_at.try_set(Some(copy.fetched_ms));
                    local.try_set(false);
                    status.try_set(Status::Ready);
                }
            }
            ReportSource::Server | ReportSource::Unavailable => {
                report.try_set(None);
                status.try_set(Status::offline());
            }
        }
    };
    let fetch = move || {
        let Ok(p) = params.get_untracked() else {
            return;
        };
        cached_at.set(None);
        let reachable = online() && usable.get_untracked();
        if report_source(reachable, mirror, false) != ReportSource::Server {
            offline(&p);
            return;
        }
        status.set(Status::Loading);
        let asked = p.clone();
        crate::screens::parts::server_call::run(
            auth,
            move |token| async move { api::report(&token, &asked).await },
            move |result: Result<Report, ApiError>| match result {
                Ok(r) => {
                    if !mirror {
                        let copy = CachedReport {
                            key: key_of(&p),
                            fetched_ms: clock::now_ms(),
                            report: r.clone(),
                        };
                        username.with_value(|u| report_cache::save(u, copy));
                    }
                    report.try_set(Some(r));
                    local.try_set(false);
                    status.try_set(Status::Ready);
                }
                // The request did not get through: the phone's own count
                // (or the saved copy) rather than nothing.
                Err(ApiError::Transient(Transient::Network | Transient::Unreadable)) => offline(&p),
                Err(e) => {
                    status.try_set(Status::Failed(e));
                }
            },
        );
    };
    // Again whenever the filters change (the language only renames the
    // files) or the network comes or goes.
    let key = Memo::new(move |_| params.with(|p| p.as_ref().map(|p| (p.from, p.to, p.org)).ok()));
    Effect::new(move |_| {
        usable.track();
        if key.get().is_some() {
            fetch();
        }
    });
    let problem = move || params.with(|p| p.as_ref().err().map(|e| e.message(lang.get())));
    let preset_options = move || {
        let l = lang.get();
        Preset::ALL
            .into_iter()
            .map(|p| {
                view! { <option value=p.code() prop:selected=move || preset.get() == p>{p.label(l)}</option> }
            })
            .collect_view()
    };
    let custom = move || preset.get() == Preset::Custom;

    view! {
        <section class="card report-filters" aria-labelledby="reports-heading">
            <h2 id="reports-heading">{zh_en(lang, "工作报表", "Reports")}</h2>
            <div class="filter-row">
                <label class="field">
                    <span class="label">{zh_en(lang, "统计区间", "Period")}</span>
                    <select id="report-period"
                        on:change:target=move |ev| {
                            if let Some(p) = Preset::from_code(&ev.target().value()) {
                                preset.set(p);
                            }
                        }>
                        {preset_options}
                    </select>
                </label>
                <label class="field">
                    <span class="label">{zh_en(lang, "组织", "Organisation")}</span>
                    <crate::screens::parts::OrgSelect id="report-org" name="org" options chosen=org/>
                </label>
            </div>
            <Show when=custom>
                <div class="filter-row">
                    <label class="field">
                        <span class="label">{zh_en(lang, "开始日期", "From")}</span>
                        <input id="report-from" type="date" prop:value=from
                            on:change:target=move |ev| from.set(ev.target().value())/>
                    </label>
                    <label class="field">
                        <span class="label">{zh_en(lang, "结束日期", "To")}</span>
                        <input id="report-to" type="date" prop:value=to
                            on:change:target=move |ev| to.set(ev.target().value())/>
                    </label>
                </div>
            </Show>
            <p id="report-problem" class="form-error" role="alert">{problem}</p>
            <ExportButtons params/>
        </section>
        <StatusLine status retry=Callback::new(move |()| fetch())/>
        <Show when=move || local.get() && report.with(Option::is_some)>
            <p id="report-local" class="notice notice-warn" role="status">{zh_en(lang,
                "没有网络：以下按本机已有的记录统计，联网后显示服务器上的全部数据。",
                "Offline: counted from the entries on this phone; online, the server's full data is shown.")}</p>
            <crate::screens::parts::WindowNotice period=Signal::derive(move || {
                params.with(|p| p.as_ref().ok().map(|p| Period { from: p.from, to: p.to }))
            })/>
        </Show>
        {move || cached_at.get().map(|ms| view! {
            <p id="report-cached" class="notice notice-warn" role="status">
                {move || {
                    let l = lang.get();
                    let when = describe_moment(ms, l);
                    match l {
                        Lang::Zh => format!("没有网络：以下是{when}联网时打开的这份报表。"),
                        Lang::En => format!("Offline: this report as opened online ({when})."),
                    }
                }}
            </p>
        })}
        {move || report.get().map(|r| view! { <ReportBody report=r/> })}
    }
}

/// Excel, CSV and print.
#[component]
fn ExportButtons(params: Memo<Result<ReportParams, PeriodProblem>>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let said = RwSignal::new(None::<String>);
    let export = move |path: &'static str, ext: &'static str, mime: &'static str| {
        let Ok(p) = params.get_untracked() else {
            return;
        };
        let l = lang.get_untracked();
        said.set(Some(
            l.pick("正在生成文件…", "Preparing the file…").to_owned(),
        ));
        let name = format!("jinguo-report-{}-{}.{ext}", p.from, p.to);
        crate::screens::parts::server_call::run(
            auth,
            move |token| async move { api::report_file(&token, path, &p).await },
            move |result: Result<Vec<u8>, ApiError>| {
                let done = l.pick("已导出。", "Exported.");
                let text =
                    crate::screens::parts::server_call::offer_fetched(result, &name, mime, done, l);
                said.try_set(Some(text));
            },
        );
    };
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <div class="report-actions">
            <button id="export-xlsx" type="button" class="button button-secondary"
                on:click=move |_| export(REPORT_XLSX_PATH, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")>
                {zh_en(lang, "导出 Excel", "Export Excel")}
            </button>
            <button id="export-csv" type="button" class="button button-secondary"
                on:click=move |_| export(REPORT_CSV_PATH, "csv", "text/csv")>
                {zh_en(lang, "导出 CSV", "Export CSV")}
            </button>
            <button id="print-report" type="button" class="button button-secondary" on:click=print>
                {zh_en(lang, "打印", "Print")}
            </button>
        </div>
        <p id="report-export-status" class="form-status" role="status">{move || said.get()}</p>
    }
}

/// Everything the report says, under its heading.
#[component]
fn ReportBody(report: Report) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let period = report.query.period;
    let root = report.root_name.clone();
    let records = report.all.records;
    let active = report.expected - (report.silent.len() as u64).min(report.expected);
    let expected = report.expected;
    let rate = report.reporting_permille();
    let heading = move || match lang.get() {
        Lang::Zh => format!("{root} · {}至{}", period.from, period.to),
        Lang::En => format!("{root} · {} to {}", period.from, period.to),
    };
    let overview = move || {
        let l = lang.get();
        let records = crate::text::figures::thousands(records);
        let rate = rate
            .map(|r| format!(" ({}.{}%)", r / 10, r % 10))
            .unwrap_or_default();
        match l {
            Lang::Zh => {
                format!("共 {records} 条记录 · {expected} 个下属组织中 {active} 个有记录{rate}")
            }
            Lang::En => format!(
                "{records} entries · {active} of {expected} organisations below recorded{rate}"
            ),
        }
    };
    let shared_report = StoredValue::new(report);
    view! {
        <section class="card report-head" aria-labelledby="report-title">
            <h2 id="report-title">{heading}</h2>
            <p id="report-overview" class="report-overview">{overview}</p>
        </section>
        <charts::Charts report=shared_report/>
        <tables::LineTotals report=shared_report/>
        <tables::OrgTable report=shared_report/>
        <tables::Silent report=shared_report/>
        <summary_editor::SummaryEditor report=shared_report/>
    }
}
