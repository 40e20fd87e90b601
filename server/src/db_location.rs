//! Where the database is: `--db` as typed (a URL or a SQLite file path), the
//! connection URL made of it, and the form of it that may be logged.

use clap::Args;
use std::io;
use std::path::Path;

/// Where the database is unless told otherwise.
pub(crate) const DEFAULT_DB: &str = "data/jinguo.sqlite3";

/// `--db`, for the commands that only touch the database.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Database: a URL (`sqlite://…` or `postgres://…`) or a SQLite file path.
    /// A URL with a password belongs in JINGUO_DB (`ps` shows arguments).
    #[arg(long, env = "JINGUO_DB", default_value = DEFAULT_DB)]
    pub db: String,
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

/// `--db` as it may be logged: a URL's password replaced by `***`.
pub fn redacted(db: &str) -> String {
    let Some((scheme, rest)) = db.split_once("://") else {
        return db.to_owned();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((user_info, host)) if user_info.contains(':') => {
            let user = user_info.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}{path}")
        }
        _ => db.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logged_url_hides_its_password() {
        assert_eq!(
            redacted("postgres://jinguo:s3cr@t@127.0.0.1:5432/ledger?sslmode=require"),
            "postgres://jinguo:***@127.0.0.1:5432/ledger?sslmode=require"
        );
        assert_eq!(
            redacted("postgres://jinguo@db/ledger"),
            "postgres://jinguo@db/ledger"
        );
        assert_eq!(
            redacted("/var/lib/jinguo/ledger.sqlite3"),
            "/var/lib/jinguo/ledger.sqlite3"
        );
    }

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
}
