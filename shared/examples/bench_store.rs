//! Native benchmark of the device store: the real `DeviceStore` over
//! `MemoryKv` (no quota), with realistic entries. Prints a table of figures
//! with the targets of issue 4 beside them. A benchmark, not a test: it
//! exits 0 whether or not a target is met (a missed one says MISSED).
//!
//! ```sh
//! cargo run --release -p shared --example bench_store
//! ```
//!
//! What it measures (median of many runs, `std::time::Instant`):
//! - saving one entry (`DeviceStore::add`: validation, encoding, three
//!   writes) into a store already holding 10,000 acknowledged entries;
//! - opening (`DeviceStore::open`) a store of 10,000 entries;
//! - the history screen's query (`shared::device::history`, after copying
//!   every entry into a row as the app does) over a year of 3,000 entries:
//!   the default query and a text search; and the year picked out of 10,000;
//! - the year's totals (`shared::report::totals::totals`) over 10,000 entries;
//! - the report of the village's year (`shared::report`: tally and build)
//!   over 10,000 entries, as the phone computes it offline;
//! - storage per entry: key + value of each entry record in UTF-16 code units
//!   (what localStorage's quota counts) and in UTF-8 bytes.
//!
//! The figures that count are the browser's (tests/bench/storage.mjs, run by
//! scripts/bench.sh): these show the Rust part alone, without wasm and
//! localStorage. The release profile is the wasm's (opt-level "z").

#[allow(dead_code)]
mod support;

use shared::catalogue::Catalogue;
use shared::catalogue_default::default_catalogue;
use shared::date::Period;
use shared::device::{
    history, DeviceStore, EntryStatus, HistoryQuery, KeyValue, MemoryKv, StoreError,
    STORAGE_BUDGET_UNITS,
};
use shared::fixtures::DEMO_HEWAN;
use shared::report::build::{Report, ReportQuery};
use shared::report::tally::Tally;
use shared::report::totals::totals;
use shared::sync::protocol::{Outcome, PushResponse, Receipt, MAX_BATCH};
use shared::{Entry, LocalDate};
use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use uuid::Uuid;

/// The namespace the app gives the demo cadre `hewan` (its length is part of
/// every key, so of the storage per entry).
const NS: &str = "jg:u:hewan";
const STORED: u32 = 10_000;
const YEAR_ENTRIES: u32 = 3_000;
const ADDS: usize = 200;
const RUNS: usize = 30;

type Store = DeviceStore<MemoryKv>;

/// One line of the history list, as the app copies it (frontend `Row`).
struct Row {
    entry: Entry,
    #[allow(dead_code)]
    status: EntryStatus,
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median and 95th percentile, in milliseconds.
fn median_p95(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let n = samples.len();
    let median = if n % 2 == 0 {
        (ms(samples[n / 2 - 1]) + ms(samples[n / 2])) / 2.0
    } else {
        ms(samples[n / 2])
    };
    let p95 = ms(samples[(n * 95).div_ceil(100).max(1) - 1]);
    (median, p95)
}

/// Runs `f` `runs` times (after one warm-up run) and returns the durations.
fn time_runs<R>(runs: usize, mut f: impl FnMut() -> R) -> Vec<Duration> {
    black_box(f());
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect()
}

/// Acknowledges every pending change as the server would (batch by batch,
/// each change applied), so the outbox is empty afterwards.
fn sync_all(store: &mut Store) -> Result<(), StoreError> {
    while let Some(batch) = store.next_batch(MAX_BATCH)? {
        let last = batch.changes.last().map_or(0, |c| c.seq);
        store.mark_in_flight(last);
        let resp = PushResponse {
            receipts: batch
                .changes
                .iter()
                .map(|c| Receipt {
                    seq: c.seq,
                    outcome: Outcome::Applied {
                        change_no: 1_000 + c.seq,
                    },
                })
                .collect(),
            last_applied: last,
            expected_seq: None,
        };
        store.apply_response(&resp, now_ms())?;
    }
    Ok(())
}

/// A store holding `count` entries dated up to `until`, each added through
/// `DeviceStore::add` and acknowledged by the server.
fn filled_store(
    count: u32,
    until: LocalDate,
    catalogue: &Catalogue,
    today: LocalDate,
) -> Result<Store, String> {
    let mut store = DeviceStore::open(MemoryKv::new(), NS, || Uuid::from_u128(0xbe))
        .map_err(|e| e.to_string())?;
    for entry in support::realistic_entries(0, count, until, 3_000, DEMO_HEWAN, catalogue) {
        store
            .add(entry, catalogue, today)
            .map_err(|e| format!("{e}: {e:?}"))?;
    }
    sync_all(&mut store).map_err(|e| e.to_string())?;
    if store.pending_count() != 0 {
        return Err("the outbox is not empty after the sync".into());
    }
    Ok(store)
}

/// The history query as the app runs it: every entry copied into a row, then
/// filtered, sorted and grouped by month. Returns how many rows it kept.
fn history_rows(store: &Store, query: &HistoryQuery, catalogue: &Catalogue) -> usize {
    let rows: Vec<Row> = store
        .entries()
        .map(|l| Row {
            entry: l.entry.clone(),
            status: store.status(l),
        })
        .collect();
    history(rows, |r: &Row| &r.entry, query, catalogue)
        .iter()
        .map(|g| g.items.len())
        .sum()
}

/// A line of the table; `target` is `(text, met)` for the issue's figures.
struct Line {
    figure: String,
    measured: String,
    target: Option<(String, bool)>,
}

fn line(figure: impl Into<String>, measured: impl Into<String>) -> Line {
    Line {
        figure: figure.into(),
        measured: measured.into(),
        target: None,
    }
}

fn judged(figure: impl Into<String>, measured: impl Into<String>, target: &str, met: bool) -> Line {
    Line {
        figure: figure.into(),
        measured: measured.into(),
        target: Some((target.to_owned(), met)),
    }
}

fn print_table(title: &str, lines: &[Line]) {
    let w = lines.iter().map(|l| l.figure.len()).max().unwrap_or(0);
    let m = lines.iter().map(|l| l.measured.len()).max().unwrap_or(0);
    println!("{title}");
    println!(
        "  {:<w$}  {:>m$}  {:<12} result",
        "figure", "measured", "target"
    );
    println!("  {}", "-".repeat(w + m + 22));
    for l in lines {
        let (target, result) = match &l.target {
            Some((t, true)) => (t.as_str(), "met"),
            Some((t, false)) => (t.as_str(), "MISSED"),
            None => ("-", ""),
        };
        println!(
            "  {:<w$}  {:>m$}  {:<12} {result}",
            l.figure, l.measured, target
        );
    }
}

fn run() -> Result<Vec<Line>, String> {
    let catalogue = default_catalogue();
    let today = LocalDate::from_unix_ms(now_ms(), 8 * 60);
    let year_end = LocalDate::new(2025, 12, 31).ok_or("no such date")?;
    let year_2025 = Period::year_of(year_end);
    let mut lines = Vec::new();

    // A store of 10,000 acknowledged entries (about 3,000 a year, up to the
    // end of 2025), built through the real add and sync.
    eprintln!("bench_store: filling a store with {STORED} entries…");
    let fill = Instant::now();
    let mut store = filled_store(STORED, year_end, &catalogue, today)?;
    eprintln!(
        "bench_store: filled and synced in {:.1} s",
        fill.elapsed().as_secs_f64()
    );
    // The 10,000 as stored, for the figures below the saves.
    let kv = store.kv().clone();
    let stored =
        DeviceStore::open(kv.clone(), NS, || Uuid::from_u128(0xbe)).map_err(|e| e.to_string())?;

    // Save one entry, 10,000 stored. Each add is acknowledged afterwards
    // (untimed), so every save meets an empty outbox.
    let mut samples = Vec::with_capacity(ADDS);
    for k in 0..ADDS {
        let entry = support::realistic_entry(1_000_000 + k as u32, today, DEMO_HEWAN, &catalogue);
        let start = Instant::now();
        store
            .add(entry, &catalogue, today)
            .map_err(|e| format!("{e}: {e:?}"))?;
        samples.push(start.elapsed());
        sync_all(&mut store).map_err(|e| e.to_string())?;
    }
    let (median, p95) = median_p95(samples);
    lines.push(judged(
        format!("save one entry, {STORED} stored (median of {ADDS})"),
        format!("{median:.3} ms"),
        "<= 5 ms",
        median <= 5.0,
    ));
    lines.push(line(
        "save one entry, 95th percentile",
        format!("{p95:.3} ms"),
    ));

    // Open a store of 10,000 entries.
    let (median, _) = median_p95(time_runs(RUNS, || {
        DeviceStore::open(kv.clone(), NS, || Uuid::from_u128(0xbe)).map(|s| s.pending_count())
    }));
    lines.push(line(
        format!("open the store, {STORED} entries"),
        format!("{median:.3} ms"),
    ));

    // The history of a year: a store holding 3,000 entries of 2025.
    let year = filled_store(YEAR_ENTRIES, year_end, &catalogue, today)?;
    let all = HistoryQuery::default();
    let shown = history_rows(&year, &all, &catalogue);
    let (median, _) = median_p95(time_runs(RUNS, || history_rows(&year, &all, &catalogue)));
    lines.push(judged(
        format!("history of a year, {shown} entries (default query)"),
        format!("{median:.3} ms"),
        "<= 100 ms",
        median <= 100.0,
    ));
    let search = HistoryQuery {
        text: "普法".into(),
        ..HistoryQuery::default()
    };
    let found = history_rows(&year, &search, &catalogue);
    let (median, _) = median_p95(time_runs(RUNS, || history_rows(&year, &search, &catalogue)));
    lines.push(line(
        format!("history of a year, text search ({found} of {shown} found)"),
        format!("{median:.3} ms"),
    ));
    let last_year = HistoryQuery {
        period: Some(year_2025),
        ..HistoryQuery::default()
    };
    let picked = history_rows(&stored, &last_year, &catalogue);
    let (median, _) = median_p95(time_runs(RUNS, || {
        history_rows(&stored, &last_year, &catalogue)
    }));
    lines.push(judged(
        format!("history, year 2025 picked out of {STORED} ({picked} shown)"),
        format!("{median:.3} ms"),
        "<= 100 ms",
        median <= 100.0,
    ));

    // The year's totals over every entry on the phone.
    let (median, _) = median_p95(time_runs(RUNS, || {
        totals(stored.entries().map(|l| &l.entry), &catalogue, year_2025)
            .all
            .records
    }));
    lines.push(line(
        format!("totals of 2025 over {STORED} entries"),
        format!("{median:.3} ms"),
    ));

    // The report of the village's year, as the phone builds it offline:
    // tally, lines and kinds, the organisation rows, months, silent ones.
    let tree = shared::org::OrgTree::new(shared::fixtures::demo_orgs());
    let query = ReportQuery {
        period: year_2025,
        root: DEMO_HEWAN,
    };
    let (median, _) = median_p95(time_runs(RUNS, || {
        let tally = Tally::of_entries(stored.entries().map(|l| &l.entry), year_2025);
        Report::build(query, &tally, &catalogue, &tree).all.records
    }));
    lines.push(judged(
        format!("report of the village's 2025 out of {STORED} entries (tally + build)"),
        format!("{median:.3} ms"),
        "<= 100 ms",
        median <= 100.0,
    ));

    // Storage per entry (entry records only: key + value).
    let (n, units, bytes) = support::record_sizes(&kv, &format!("{NS}:e:"));
    let per_units = units as f64 / n as f64;
    lines.push(judged(
        "storage per entry, UTF-16 code units (the quota's unit)",
        format!("{per_units:.1} units"),
        "<= 400",
        per_units <= 400.0,
    ));
    lines.push(line(
        "storage per entry, UTF-8 bytes",
        format!("{:.1} bytes", bytes as f64 / n as f64),
    ));
    lines.push(line(
        "storage per entry, bytes of Chromium's quota (2 per unit)",
        format!("{:.1} bytes", 2.0 * per_units),
    ));
    let used = kv.used_units();
    lines.push(judged(
        format!("storage used by {n} entries, UTF-16 units (budget)"),
        format!("{used}"),
        &format!("<= {STORAGE_BUDGET_UNITS}"),
        used <= STORAGE_BUDGET_UNITS,
    ));

    // What an entry waiting to be sent costs on top: its outbox item.
    let entry = support::realistic_entry(2_000_000, today, DEMO_HEWAN, &catalogue);
    store
        .add(entry, &catalogue, today)
        .map_err(|e| format!("{e}: {e:?}"))?;
    let (_, out_units, _) = support::record_sizes(store.kv(), &format!("{NS}:o:"));
    lines.push(line(
        "outbox item of an entry not yet synced, UTF-16 units",
        format!("{out_units}"),
    ));
    Ok(lines)
}

fn main() -> ExitCode {
    match run() {
        Ok(lines) => {
            print_table(
                "Native: shared::device over MemoryKv (release profile, Rust only)",
                &lines,
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench_store: {e}");
            ExitCode::FAILURE
        }
    }
}
