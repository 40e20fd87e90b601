//! Prints entry records exactly as the phone stores them in localStorage, as
//! one JSON object `{ "<ns>:e:<id>": "<record>", … }`, for the browser
//! benchmark (tests/bench/storage.mjs) to seed a real browser's storage with.
//!
//! Every entry is acknowledged by the server (change `seq` applied as change
//! number `change_base + seq`), as after a sync; the caller sets the device
//! record to `next_seq = count + 1`, `acked_seq = sent_through = count`.
//!
//! ```sh
//! cargo run --release -q -p shared --example device_records -- \
//!     --ns jg:u:hewan --count 3000 --year 2025
//! ```
//!
//! Options:
//! - `--ns NS`            namespace of the account's store (required), e.g. `jg:u:hewan`;
//! - `--count N`          how many entries (default 10000), with seqs 1..=N;
//! - `--year Y`           the last entry is dated Y-12-31 (default: the current year in China);
//! - `--until DATE|today` the last entry's date instead (`today` is China's today);
//! - `--per-year N`       entries a year, spread evenly backwards (default 3000);
//! - `--org UUID`         the entries' organisation (default 河湾社区妇联, `DEMO_HEWAN`);
//! - `--change-base N`    server change numbers start after N (default 1000);
//! - `--pending`          the entries are NOT synced yet: no receipts, and an
//!   outbox item `<ns>:o:<seq>` each (a create); the caller then sets the device
//!   record to `next_seq = count + 1`, `acked_seq = sent_through = 0`;
//! - `--wire`             instead of records, a JSON array of the entries as a
//!   push carries them (`--ns` is then not needed), for filling a server
//!   through the API (tests/e2e/window.test.mjs, tests/bench/first-sign-in.mjs).

#[allow(dead_code)]
mod support;

use shared::catalogue_default::default_catalogue;
use shared::device::{encode_entry, encode_outbox, LocalEntry, OutboxItem, PendingOp};
use shared::fixtures::DEMO_HEWAN;
use shared::LocalDate;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};
use uuid::Uuid;

struct Args {
    ns: String,
    count: u32,
    until: LocalDate,
    per_year: u32,
    org: Uuid,
    change_base: u64,
    pending: bool,
    wire: bool,
}

fn china_today() -> LocalDate {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    LocalDate::from_unix_ms(ms, 8 * 60)
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        ns: String::new(),
        count: 10_000,
        until: LocalDate::new(china_today().year(), 12, 31).unwrap_or_else(china_today),
        per_year: 3_000,
        org: DEMO_HEWAN,
        change_base: 1_000,
        pending: false,
        wire: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let bad = |v: &str| format!("{flag}: cannot read {v:?}");
        match flag.as_str() {
            "--ns" => args.ns = value()?,
            "--count" => {
                let v = value()?;
                args.count = v.parse().map_err(|_| bad(&v))?;
            }
            "--year" => {
                let v = value()?;
                let year: i32 = v.parse().map_err(|_| bad(&v))?;
                args.until = LocalDate::new(year, 12, 31).ok_or_else(|| bad(&v))?;
            }
            "--until" => {
                let v = value()?;
                args.until = if v == "today" {
                    china_today()
                } else {
                    v.parse().map_err(|_| bad(&v))?
                };
            }
            "--per-year" => {
                let v = value()?;
                args.per_year = v.parse().map_err(|_| bad(&v))?;
            }
            "--org" => {
                let v = value()?;
                args.org = v.parse().map_err(|_| bad(&v))?;
            }
            "--change-base" => {
                let v = value()?;
                args.change_base = v.parse().map_err(|_| bad(&v))?;
            }
            "--pending" => args.pending = true,
            "--wire" => args.wire = true,
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    if args.ns.is_empty() && !args.wire {
        return Err("--ns is required (e.g. --ns jg:u:hewan)".into());
    }
    if args.count == 0 {
        return Err("--count must be at least 1".into());
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("device_records: {e}");
            return ExitCode::from(2);
        }
    };
    let catalogue = default_catalogue();
    let entries = support::realistic_entries(
        0,
        args.count,
        args.until,
        args.per_year,
        args.org,
        &catalogue,
    );
    if args.wire {
        return print(&entries);
    }
    let mut records = serde_json::Map::new();
    for (i, entry) in entries.into_iter().enumerate() {
        let seq = i as u64 + 1;
        let key = format!("{}:e:{}", args.ns, entry.id);
        if args.pending {
            let item = OutboxItem {
                seq,
                id: entry.id,
                op: PendingOp::Create,
                catalogue_version: Some(catalogue.version),
            };
            let local = LocalEntry {
                entry,
                seq,
                outcome: None,
                version: None,
            };
            records.insert(key, serde_json::Value::String(encode_entry(&local)));
            let out_key = format!("{}:o:{seq}", args.ns);
            records.insert(out_key, serde_json::Value::String(encode_outbox(&item)));
        } else {
            let local = support::acknowledged(entry, seq, args.change_base + seq);
            records.insert(key, serde_json::Value::String(encode_entry(&local)));
        }
    }
    print(&records)
}

fn print(value: &impl serde::Serialize) -> ExitCode {
    match serde_json::to_string(value) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("device_records: {e}");
            ExitCode::FAILURE
        }
    }
}
