//! The command line (each flag also from the environment, for service files
//! and containers).

use crate::db_location::DEFAULT_DB;
pub use crate::db_location::{database_url, redacted, DbArgs};
use crate::listen;
use crate::timeouts::{self, Timeouts};
use clap::builder::BoolishValueParser;
use clap::{ArgAction, Args, Parser, Subcommand};
use shared::access::Role;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

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
    /// First run: create the root organisation and the first admin account
    /// (prints a one-time password). Refuses once an admin exists.
    Setup(SetupArgs),
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Import a phone's export file as an account, exactly once (importing
    /// the same file again stores nothing twice).
    Import(ImportArgs),
    /// Copy a SQLite database to a new file while the server serves.
    Backup(crate::backup::BackupArgs),
    /// Put a backup in place of a SQLite database (the server stopped).
    Restore(crate::backup::RestoreArgs),
    /// Copy a deployment into an empty database (e.g. SQLite to
    /// PostgreSQL), then check both agree. The server stopped.
    MigrateDb(crate::backup::MigrateDbArgs),
    /// Remove photos no entry has referred to for the grace period (and
    /// abandoned partial uploads). Safe while the server serves.
    GcPhotos(GcPhotosArgs),
}

#[derive(Debug, Clone, Args)]
pub struct GcPhotosArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Where photos are kept, as `serve --blobs`: a directory (default:
    /// beside the SQLite file) or `s3://bucket/prefix`.
    #[arg(long, env = "JINGUO_BLOBS")]
    pub blobs: Option<PathBuf>,
    /// Days a photo must have been without an entry before it goes.
    #[arg(long, default_value_t = 30)]
    pub grace_days: u32,
    /// Only say what would be removed.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; prints its one-time password.
    Add(UserAddArgs),
    /// Give an account a new one-time password and sign it out everywhere.
    ResetPassword(ResetPasswordArgs),
}

#[derive(Debug, Clone, Args)]
pub struct SetupArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Name of the root organisation (the subdistrict federation), e.g. 平邑街道妇联.
    #[arg(long)]
    pub org_name: String,
    /// Username of the first admin.
    #[arg(long)]
    pub admin: String,
    /// The admin's name as shown in the app (default: the username).
    #[arg(long)]
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct UserAddArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long)]
    pub username: String,
    /// admin, cadre or viewer.
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    /// The account's organisation: its id or its exact name.
    #[arg(long)]
    pub org: String,
    /// The name shown in the app (default: the username).
    #[arg(long)]
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct ResetPasswordArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[arg(long)]
    pub username: String,
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The export file the phone saved (JSON).
    #[arg(long)]
    pub file: PathBuf,
    /// The account the data belongs to; the file's device must be registered
    /// to it or unknown (then it is registered to it).
    #[arg(long)]
    pub user: String,
}

impl ServeArgs {
    /// Where photos are kept: `--blobs`, or `photos` beside the SQLite file.
    pub fn blobs_dir(&self) -> PathBuf {
        blobs_dir(&self.db, self.blobs.as_ref())
    }
}

/// `blobs` if given, else `photos` beside the SQLite file `db` (in the
/// working directory for another database).
pub fn blobs_dir(db: &str, blobs: Option<&PathBuf>) -> PathBuf {
    if let Some(dir) = blobs {
        return dir.clone();
    }
    let file = db
        .strip_prefix("sqlite://")
        .or_else(|| db.strip_prefix("sqlite:"))
        .map(|rest| rest.split('?').next().unwrap_or(rest))
        .unwrap_or(db);
    let is_other_url = db.contains("://") && !db.starts_with("sqlite");
    match std::path::Path::new(file).parent() {
        Some(dir) if !is_other_url => dir.join("photos"),
        _ => PathBuf::from("photos"),
    }
}

/// A role by its wire name (`admin`, `cadre`, `viewer`), defined in `shared`.
fn parse_role(s: &str) -> Result<Role, String> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_lowercase()))
        .map_err(|_| format!("unknown role {s:?}: use admin, cadre or viewer"))
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (printed at start-up).
    #[arg(long, env = "JINGUO_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,

    /// Database: a URL (`sqlite://…` or `postgres://…`) or a SQLite file path.
    /// A URL with a password belongs in JINGUO_DB (`ps` shows arguments).
    #[arg(long, env = "JINGUO_DB", default_value = DEFAULT_DB)]
    pub db: String,

    /// Serve the frontend from this directory instead of the built-in copy.
    #[arg(long, env = "JINGUO_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// Keep photos in this directory (fanned out by hash), or in S3-compatible
    /// object storage: `s3://bucket/prefix`, with the endpoint, region and
    /// keys from `AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`. Default: `photos` beside the SQLite file;
    /// with PostgreSQL, `photos` in the working directory (several processes
    /// must share one store: see docs/deploy.md).
    #[arg(long, env = "JINGUO_BLOBS")]
    pub blobs: Option<PathBuf>,

    /// How many calendar years of her subtree's entries a cadre's phone
    /// always keeps (this one and the ones before it; older ones while the
    /// phone's storage budget allows), 1 to 10. Told to phones at sign-in.
    #[arg(long, env = "JINGUO_PHONE_WINDOW_YEARS", default_value_t = shared::account::DEFAULT_PHONE_WINDOW_YEARS,
          value_parser = clap::value_parser!(u8).range(1..=10))]
    pub phone_window_years: u8,

    /// Load demo entries (idempotent: the same 40, once, however often).
    /// From the environment: 1/0, true/false, yes/no, on/off.
    #[arg(long, env = "JINGUO_DEMO", action = ArgAction::SetTrue,
          value_parser = BoolishValueParser::new())]
    pub demo: bool,

    /// Behind a reverse proxy you run: take the client's address (for the
    /// sign-in limits) from the last `X-Forwarded-For` entry. Without a proxy
    /// this would let anyone pick their address, so it is off by default.
    #[arg(long, env = "JINGUO_TRUST_PROXY", action = ArgAction::SetTrue,
          value_parser = BoolishValueParser::new())]
    pub trust_proxy: bool,

    /// Seconds a client has to send a request's head once the server waits
    /// for it; also how long an idle keep-alive connection is kept.
    #[arg(long, env = "JINGUO_HEADER_READ_TIMEOUT", value_parser = parse_seconds,
          default_value_t = Seconds(timeouts::DEFAULT_HEADER_READ_SECS))]
    pub header_read_timeout: Seconds,

    /// Longest pause, in seconds, between two pieces of a request body.
    #[arg(long, env = "JINGUO_BODY_READ_TIMEOUT", value_parser = parse_seconds,
          default_value_t = Seconds(timeouts::DEFAULT_BODY_READ_SECS))]
    pub body_read_timeout: Seconds,

    /// Seconds for a whole request: its body and the answer.
    #[arg(long, env = "JINGUO_REQUEST_TIMEOUT", value_parser = parse_seconds,
          default_value_t = Seconds(timeouts::DEFAULT_REQUEST_SECS))]
    pub request_timeout: Seconds,

    /// Most connections open at once; more wait in the listen queue. Lowered
    /// at start-up to what the open-files limit leaves room for.
    #[arg(long, env = "JINGUO_MAX_CONNECTIONS", default_value_t = listen::DEFAULT_MAX_CONNECTIONS,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,
}

impl ServeArgs {
    /// The three waits, as [`timeouts::Timeouts`].
    pub fn timeouts(&self) -> Timeouts {
        Timeouts {
            header_read: self.header_read_timeout.duration(),
            body_read: self.body_read_timeout.duration(),
            request: self.request_timeout.duration(),
        }
    }
}

/// A whole number of seconds, at least one, as a flag takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seconds(pub u64);

impl Seconds {
    pub fn duration(self) -> Duration {
        Duration::from_secs(self.0)
    }
}

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

fn parse_seconds(s: &str) -> Result<Seconds, String> {
    match s.trim().parse::<u64>() {
        Ok(n) if n > 0 => Ok(Seconds(n)),
        _ => Err(format!("{s:?} is not a whole number of seconds above 0")),
    }
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
