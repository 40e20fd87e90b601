//! The source of the `migrate-db` benchmark (issue 14): a fresh SQLite file
//! with `--entries N` generated entries (default 100,000: the report
//! benchmark's tree and entries, written with plain inserts) and then the
//! 2023 demo (its organisations, accounts and year, pushed as the demo
//! command does, so its change numbers follow the generated ones).
//!
//! ```sh
//! cargo run --profile server -p server --example bench_migrate -- --out FILE [--entries N]
//! server migrate-db --from FILE --to postgres://…   # the move being measured
//! ```
//! `scripts/bench.sh` runs both, the move under `/usr/bin/time -v`.

#[path = "../bench_report/fill.rs"]
mod fill;

use server::db::Db;
use shared::catalogue_default::default_catalogue;
use std::process::ExitCode;
use std::time::Instant;

type Fail = Box<dyn std::error::Error>;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_migrate: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Fail> {
    let (mut out, mut entries) = (None, 100_000u64);
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--out" => out = Some(value),
            "--entries" => entries = value.parse().map_err(|e| format!("--entries: {e}"))?,
            other => return Err(format!("unknown flag {other}").into()),
        }
    }
    let out = out.ok_or("--out FILE is needed")?;
    if std::path::Path::new(&out).exists() {
        return Err(format!("{out} exists; the benchmark writes a fresh file").into());
    }
    let started = Instant::now();
    let db = Db::connect(&format!("sqlite://{out}?mode=rwc"), 4).await?;
    db.migrate().await?;
    fill::fill(&db, entries, &default_catalogue(), &fill::orgs()).await?;
    server::demo::load(&db, server::now_ms()).await?;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(db.pool())
        .await?;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM entries")
        .fetch_one(db.pool())
        .await?;
    db.close().await;
    println!(
        "migrate-db source: {out}: {total} entries ({entries} generated + the 2023 demo), made in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
