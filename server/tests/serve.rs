//! The real binary: `server serve` on port 0, found through its start-up line,
//! asked over a raw HTTP/1.1 connection (signing in as a demo account printed
//! after that line), stopped with SIGTERM; twice, to see that migrations and
//! `--demo` are idempotent across restarts.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const PREFIX: &str = "Jinguo Ledger listening on http://";

/// A running server process; stopped (by its own pid) when dropped.
struct Running {
    child: Child,
    addr: String,
    /// The lines printed after the first.
    more: mpsc::Receiver<String>,
}

impl Running {
    fn start(db: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["serve", "--listen", "127.0.0.1:0", "--demo", "--db"])
            .arg(db)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the server binary");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        // Every line, as it comes (reading on keeps the pipe open).
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let line = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("start-up line within 30 s");
        let addr = line
            .trim_end()
            .strip_prefix(PREFIX)
            .unwrap_or_else(|| panic!("unexpected start-up line {line:?}"))
            .to_owned();
        assert!(!addr.ends_with(":0"), "the real port is printed: {addr}");
        Self {
            child,
            addr,
            more: rx,
        }
    }

    /// The next line of stdout.
    fn next_line(&self) -> String {
        self.more
            .recv_timeout(Duration::from_secs(10))
            .expect("another line")
    }

    /// GETs `path` (with a bearer token if given); returns the status line and the body.
    fn get(&self, path: &str, token: Option<&str>) -> (String, String) {
        let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
        self.request(&format!("GET {path} HTTP/1.1\r\n{auth}"), "")
    }

    /// POSTs JSON to `path`; returns the status line and the body.
    fn post(&self, path: &str, json: &str) -> (String, String) {
        let head = format!(
            "POST {path} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            json.len()
        );
        self.request(&head, json)
    }

    fn request(&self, head: &str, body: &str) -> (String, String) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "{head}Host: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let (head, body) = response.split_once("\r\n\r\n").unwrap();
        (head.lines().next().unwrap().to_owned(), body.to_owned())
    }

    /// SIGTERM, then the exit status must be success (graceful shutdown).
    fn stop(mut self) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -TERM {pid}");
        let status = self.child.wait().unwrap();
        assert!(status.success(), "exit after SIGTERM: {status}");
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // Only reached when a test failed before `stop`: do not leave it running.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serves_on_port_zero_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nested/ledger.sqlite3");
    for _ in 0..2 {
        let server = Running::start(&db);
        // The demo accounts follow the address, one per line.
        assert!(server.next_line().starts_with("Demo accounts"));
        let accounts: Vec<String> = (0..4).map(|_| server.next_line()).collect();
        assert!(accounts[0].contains("admin") && accounts[0].contains("jinguo2026"));
        assert!(accounts.iter().any(|l| l.contains("viewer")));

        let (status, body) = server.get("/api/v1/health", None);
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert!(body.contains("\"ok\":true"), "{body}");

        let (status, _) = server.get("/api/v1/entries?limit=1000", None);
        assert_eq!(status, "HTTP/1.1 401 Unauthorized");
        let login = r#"{"username":"admin","password":"jinguo2026",
            "device_id":"0190aaaa-0000-7000-8000-000000000001","device_label":"test"}"#;
        let (status, body) = server.post("/api/v1/auth/login", login);
        assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
        let login: serde_json::Value = serde_json::from_str(&body).unwrap();
        let token = login["token"].as_str().unwrap();

        let (status, body) = server.get("/api/v1/entries?limit=1000", Some(token));
        assert_eq!(status, "HTTP/1.1 200 OK");
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        // The demo year, stored once however often the server starts.
        let demo = shared::demo_year::demo_year_entries().len();
        assert_eq!(page["entries"].as_array().unwrap().len(), demo);
        server.stop();
    }
}
