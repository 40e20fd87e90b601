//! The command line (each flag also from the environment, for service files
//! and containers).

use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args, Parser, Subcommand};
use std::io;
use std::path::{Path, PathBuf};

/// Jinguo Ledger (巾帼台账) server.
#[derive(Debug, Parser)]
#[command(name = "server", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the app.
    Serve(ServeArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (printed at start-up).
    #[arg(long, env = "JINGUO_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,

    /// Database: a URL (`sqlite://…`, later `postgres://…`) or a SQLite file path.
    #[arg(long, env = "JINGUO_DB", default_value = "data/jinguo.sqlite3")]
    pub db: String,

    /// Serve the frontend from this directory instead of the built-in copy.
    #[arg(long, env = "JINGUO_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// Load demo entries (idempotent: the same 40, once, however often).
    /// From the environment: 1/0, true/false, yes/no, on/off.
    #[arg(long, env = "JINGUO_DEMO", action = ArgAction::SetTrue,
          value_parser = BoolishValueParser::new())]
    pub demo: bool,
}

/// The connection URL for `--db`. A plain path becomes a SQLite URL that
/// creates the file, and its directory is created too.
pub fn database_url(db: &str) -> io::Result<String> {
    let is_url = ["sqlite:", "postgres:", "postgresql:"]
        .iter()
        .any(|scheme| db.starts_with(scheme));
    if is_url {
        return Ok(db.to_owned());
    }
    let path = Path::new(db);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    // sqlx percent-decodes the path, so characters with a meaning in URLs are encoded.
    let escaped = db
        .replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23");
    Ok(format!("sqlite://{escaped}?mode=rwc"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_sqlite_urls_and_urls_pass() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub/a?b.sqlite3");
        let url = database_url(file.to_str().unwrap()).unwrap();
        assert!(url.starts_with("sqlite:///"), "{url}");
        assert!(url.ends_with("/sub/a%3Fb.sqlite3?mode=rwc"), "{url}");
        assert!(dir.path().join("sub").is_dir());
        assert_eq!(database_url("sqlite::memory:").unwrap(), "sqlite::memory:");
        assert_eq!(
            database_url("postgres://u@h/db").unwrap(),
            "postgres://u@h/db"
        );
    }

    #[test]
    fn cli_parses_serve() {
        let cli = Cli::try_parse_from([
            "server",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--db",
            "x.db",
            "--demo",
        ])
        .unwrap();
        let Command::Serve(args) = cli.command;
        assert_eq!(args.listen, "127.0.0.1:0");
        assert!(args.demo);
        assert!(args.static_dir.is_none());
    }
}
