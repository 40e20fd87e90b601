//! Benchmark of the reports (issue 6): a fresh SQLite file with a million
//! entries (by default) of 301 organisations, every kind, dates over 2024
//! and 2025, then the time of a year's report over the whole subdistrict, of
//! a range that cuts its first and last months, and of one village's year.
//!
//! ```sh
//! cargo run --profile server -p server --example bench_report -- [--entries N] [--runs R] [--db FILE [--reuse]]
//! (`--db` may be an empty PostgreSQL database's URL: `scripts/postgres.sh` gives one.)
//! ```
//! `JINGUO_BENCH_ENTRIES` sets the count too; `--reuse` measures a file an
//! earlier run filled (kept with `--db`) instead of filling a fresh one. Not a test: it prints figures
//! beside the target (a year over the root within 300 ms) and says MISSED
//! when one is not met; it fails only when it cannot measure.

mod fill;

use axum::body::Body;
use axum::http::{header, Request};
use http_body_util::BodyExt;
use server::assets::Assets;
use server::db::report::tally;
use server::db::Db;
use server::{app, AppState};
use shared::access::{Principal, Role};
use shared::account::{LoginRequest, LoginResponse, UserInfo};
use shared::api::{LOGIN_PATH, REPORT_PATH};
use shared::catalogue_default::default_catalogue;
use shared::date::Period;
use shared::org::OrgTree;
use shared::report::build::{Report, ReportQuery};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;
use uuid::Uuid;

/// The target for a year's report over the root.
const TARGET_MS: f64 = 300.0;

struct Args {
    entries: u64,
    runs: usize,
    db: Option<String>,
    reuse: bool,
}

fn args() -> Result<Args, String> {
    let mut out = Args {
        entries: std::env::var("JINGUO_BENCH_ENTRIES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1_000_000),
        runs: 7,
        db: None,
        reuse: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--reuse" {
            out.reuse = true;
            continue;
        }
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--entries" => out.entries = value.parse().map_err(|e| format!("--entries: {e}"))?,
            "--runs" => out.runs = value.parse().map_err(|e| format!("--runs: {e}"))?,
            "--db" => out.db = Some(value),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    out.runs = out.runs.max(1);
    Ok(out)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

fn day(s: &str) -> Result<shared::LocalDate, String> {
    s.parse().map_err(|e| format!("{s}: {e}"))
}

type Fail = Box<dyn std::error::Error>;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_report: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Fail> {
    let args = args()?;
    let dir = tempfile::tempdir()?;
    let path = args
        .db
        .clone()
        .unwrap_or_else(|| dir.path().join("bench.sqlite3").display().to_string());
    // A PostgreSQL URL: an empty database (or one filled before, with --reuse).
    let postgres = path.starts_with("postgres://") || path.starts_with("postgresql://");
    let exists = postgres && args.reuse || std::path::Path::new(&path).exists();
    if exists != args.reuse {
        return Err(if args.reuse {
            format!("--reuse: {path} does not exist")
        } else {
            format!("{path} exists; the benchmark fills a fresh file (or pass --reuse)")
        }
        .into());
    }
    let url = match postgres {
        true => path.clone(),
        false => format!("sqlite://{path}?mode=rwc"),
    };
    let db = Db::connect(&url, 4).await?;
    db.migrate().await?;
    let catalogue = default_catalogue();
    let orgs = fill::orgs();
    println!(
        "Report benchmark: {} entries, {} organisations, {} kinds, dates 2024-01-01..2025-12-31",
        args.entries,
        orgs.len(),
        catalogue.kinds.len()
    );

    if !args.reuse {
        let started = Instant::now();
        fill::fill(&db, args.entries, &catalogue, &orgs).await?;
        let fill_time = started.elapsed();
        println!(
            "fill (plain inserts, triggers keeping the rollup): {:.1} s ({:.0} entries/s)",
            fill_time.as_secs_f64(),
            args.entries as f64 / fill_time.as_secs_f64().max(1e-9)
        );
    }
    if postgres {
        // What autovacuum does in the background of a running deployment:
        // the rollup's pages marked all-visible (its month index is read
        // without the table) and fresh statistics for the planner.
        sqlx::query("VACUUM ANALYZE").execute(db.pool()).await?;
    }
    let size: u64 = if postgres {
        sqlx::query_scalar("SELECT CAST(pg_database_size(current_database()) AS BIGINT)")
            .fetch_one(db.pool())
            .await
            .map(|n: i64| u64::try_from(n).unwrap_or(0))?
    } else {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(db.pool())
            .await?;
        file_size(&path)
    };
    let rollup: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM count_months")
        .fetch_one(db.pool())
        .await?;
    let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM entries")
        .fetch_one(db.pool())
        .await?;
    println!(
        "database: {entries} entries, {:.0} MB ({} bytes per entry); count_months: {rollup} rows",
        size as f64 / 1e6,
        size / u64::try_from(entries).unwrap_or(1).max(1)
    );

    let tree = OrgTree::new(orgs.clone());
    let root = orgs[0].id;
    let village = orgs[1].id;
    let admin = Principal {
        user_id: Uuid::now_v7(),
        role: Role::Admin,
        org_id: root,
    };
    let cadre = Principal {
        user_id: Uuid::now_v7(),
        role: Role::Cadre,
        org_id: village,
    };
    let router = app(AppState::new(db.clone(), Arc::new(Assets::empty())));
    let admin_token = sign_in(&db, &router, admin, "admin").await?;
    let cadre_token = sign_in(&db, &router, cadre, "cadre").await?;

    let cases = [
        (
            "a year over the root (2025)",
            "2025-01-01",
            "2025-12-31",
            admin,
            root,
            &admin_token,
        ),
        (
            "a range cutting two months (2024-07-16..2025-07-15)",
            "2024-07-16",
            "2025-07-15",
            admin,
            root,
            &admin_token,
        ),
        (
            "one village's year (its cadre, 2025)",
            "2025-01-01",
            "2025-12-31",
            cadre,
            village,
            &cadre_token,
        ),
    ];
    println!("median of {} runs each:", args.runs);
    let mut missed = 0;
    for (name, from, to, who, org, token) in cases {
        let period = Period {
            from: day(from)?,
            to: day(to)?,
        };
        let scope = shared::scope::report_scope(&who, &tree, &org);
        let (mut sql, mut build, mut http) = (Vec::new(), Vec::new(), Vec::new());
        let mut records = 0;
        let mut json_bytes = 0;
        for _ in 0..args.runs {
            let t = Instant::now();
            let tallied = tally(&db, period, &scope).await?;
            sql.push(ms(t.elapsed()));
            let t = Instant::now();
            let report = Report::build(
                ReportQuery { period, root: org },
                &tallied,
                &catalogue,
                &tree,
            );
            build.push(ms(t.elapsed()));
            records = report.all.records;

            let uri = format!("{REPORT_PATH}?from={from}&to={to}&org={org}");
            let req = Request::get(uri)
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())?;
            let t = Instant::now();
            let res = router.clone().oneshot(req).await?;
            let status = res.status();
            let body = res.into_body().collect().await?.to_bytes();
            http.push(ms(t.elapsed()));
            if !status.is_success() {
                return Err(format!("{status}: {}", String::from_utf8_lossy(&body)).into());
            }
            json_bytes = body.len();
        }
        let total = median(sql.clone()) + median(build.clone());
        let verdict = if name.starts_with("a year over the root") {
            if total <= TARGET_MS {
                format!("  (target ≤ {TARGET_MS:.0} ms: met)")
            } else {
                missed += 1;
                format!("  (target ≤ {TARGET_MS:.0} ms: MISSED)")
            }
        } else {
            String::new()
        };
        println!(
            "  {name}: {records} entries; SQL tally {:.1} ms + build {:.1} ms = {total:.1} ms{verdict}; \
             GET {REPORT_PATH} {:.1} ms ({} KB of JSON)",
            median(sql),
            median(build),
            median(http),
            json_bytes / 1024
        );
    }
    if missed > 0 {
        println!("{missed} figure(s) MISSED their target");
    }
    db.close().await;
    Ok(())
}

/// An account for `who` (its own organisation, role) and a session token.
async fn sign_in(
    db: &Db,
    router: &axum::Router,
    who: Principal,
    username: &str,
) -> Result<String, Fail> {
    const PASSWORD: &str = "bench-password-2026";
    // Unique per run, so a reused file takes the accounts too.
    let id = who.user_id.simple().to_string();
    let username = format!("bench-{username}-{}", &id[id.len() - 8..]);
    let user = UserInfo {
        id: who.user_id,
        username: username.clone(),
        display_name: username.clone(),
        role: who.role,
        org_id: who.org_id,
        disabled: false,
    };
    let hash = server::auth::password::hash(PASSWORD)?;
    server::db::users::insert(db.pool(), &user, &hash, 0).await?;
    let login = LoginRequest {
        username,
        password: PASSWORD.to_owned(),
        device_id: Uuid::now_v7(),
        device_label: "bench".into(),
    };
    let req = Request::post(LOGIN_PATH)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(&login)?))?;
    let res = router.clone().oneshot(req).await?;
    let body = res.into_body().collect().await?.to_bytes();
    let answer: LoginResponse = serde_json::from_slice(&body)?;
    Ok(answer.token)
}

/// The bytes of a SQLite database: its file, WAL and shared memory.
fn file_size(path: &str) -> u64 {
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{path}{s}")).ok())
        .map(|m| m.len())
        .sum()
}
