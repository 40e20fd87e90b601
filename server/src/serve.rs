//! The `serve` command: open and migrate the database, load the frontend,
//! raise the open-files limit, listen, announce the address, and run until
//! Ctrl-C or SIGTERM, letting requests in flight finish (a push cut in half
//! would only be retried, but a clean stop also checkpoints SQLite's WAL).
//! Connections themselves are `crate::listen`'s.

use crate::assets;
use crate::config::{self, ServeArgs};
use crate::db::{Db, DbError};
use crate::demo::{self, DemoError};
use crate::listen::{self, Settings};
use crate::{app_with, now_ms, AppState};
use std::io::{self, Write};
use std::sync::Arc;
use tokio::net::TcpListener;

/// Connections in the pool: SQLite has one writer at a time anyway; the rest
/// serve reads beside it (WAL). PostgreSQL deployments may want more.
const POOL_SIZE: u32 = 8;

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: io::Error,
    },
    #[error("database: {0}")]
    Db(#[from] DbError),
    #[error("demo data: {0}")]
    Demo(#[from] DemoError),
    #[error("photo storage: {0}")]
    Blobs(#[from] crate::blobs::BlobError),
}

fn io_err(what: impl Into<String>) -> impl FnOnce(io::Error) -> ServeError {
    let what = what.into();
    move |source| ServeError::Io { what, source }
}

/// Runs the server until a shutdown signal.
pub async fn run(args: ServeArgs) -> Result<(), ServeError> {
    let url = config::database_url(&args.db).map_err(io_err(format!(
        "cannot create the directory for {}",
        args.db
    )))?;
    let db = Db::connect(&url, POOL_SIZE).await?;
    db.migrate().await?;
    tracing::info!(db = %config::redacted(&args.db), "database ready");

    if args.demo {
        let answer = demo::load(&db, now_ms()).await?;
        tracing::info!(device = %demo::DEMO_DEVICE, last_applied = answer.last_applied, "demo entries loaded");
    }

    let (assets, source) = assets::load::load(args.static_dir.as_deref())
        .map_err(io_err("cannot read the frontend files"))?;
    if assets.has_index() {
        tracing::info!(files = assets.len(), %source, "frontend");
    } else {
        tracing::warn!(%source, "no frontend to serve (index.html missing); the API works");
    }

    // Before listening: a bad `--blobs s3://…` stops the start, not an upload.
    let blobs = crate::blobs::open(&args.blobs_dir())?;
    tracing::info!(at = %args.blobs_dir().display(), "photos");

    let open_files = listen::raise_open_files_limit();
    let max_connections = listen::connection_cap(args.max_connections, open_files);
    if u64::try_from(max_connections).ok() < Some(u64::from(args.max_connections)) {
        tracing::warn!(
            asked = args.max_connections,
            max_connections,
            open_files,
            "connection cap lowered to fit the open-files limit"
        );
    }
    let timeouts = args.timeouts();
    tracing::info!(max_connections, open_files, ?timeouts, "limits");

    let listener = TcpListener::bind(&args.listen)
        .await
        .map_err(io_err(format!("cannot listen on {}", args.listen)))?;
    let addr = listener
        .local_addr()
        .map_err(io_err("cannot read the listening address"))?;
    announce(&format!("Jinguo Ledger listening on http://{addr}"))
        .map_err(io_err("cannot write to stdout"))?;
    if args.demo {
        // Whoever reads stdout may have stopped after the first line (tests
        // do): a closed pipe here is no reason to stop serving.
        for line in demo::account_lines() {
            if announce(&line).is_err() {
                break;
            }
        }
    }

    let state = AppState {
        trust_proxy: args.trust_proxy,
        phone_window_years: args.phone_window_years,
        blobs,
        ..AppState::new(db.clone(), Arc::new(assets))
    };
    let settings = Settings {
        max_connections,
        header_read_timeout: timeouts.header_read,
        // Past this, every request in flight has timed out and every head
        // has either arrived or timed out: what is left is stuck.
        shutdown_grace: timeouts.request + timeouts.header_read,
    };
    listen::serve(
        listener,
        app_with(state, &timeouts),
        settings,
        shutdown_signal(),
    )
    .await;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// A line on stdout: the first is the address (scripts and tests read it),
/// then, with `--demo`, the demo accounts.
fn announce(line: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()
}

/// Resolves on Ctrl-C or SIGTERM (what systemd and container runtimes send).
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut sigterm) => {
                sigterm.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
