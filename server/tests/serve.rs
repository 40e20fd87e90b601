//! The real binary: `server serve` on port 0, found through its start-up line,
//! asked over a raw HTTP/1.1 connection (signing in as a demo account printed
//! after that line), stopped with SIGTERM; twice, to see that migrations and
//! `--demo` are idempotent across restarts; and a graceful stop under a
//! request in flight.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod binary;
mod test_db;

use binary::Running;
use std::io::{ErrorKind, Read, Write};
use std::time::{Duration, Instant};

#[test]
fn serves_on_port_zero_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    // A file in a directory to create, or a PostgreSQL URL (see `test_db`).
    let db = test_db::binary_database(&dir, "nested/ledger.sqlite3");
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

/// SIGTERM while a sign-in is half sent: the server stops accepting, the
/// request in flight still gets its answer, then the process exits cleanly.
#[test]
fn a_request_in_flight_finishes_after_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(&dir.path().join("db.sqlite3"));
    let login = r#"{"username":"admin","password":"jinguo2026",
        "device_id":"0190aaaa-0000-7000-8000-000000000002","device_label":"test"}"#;
    let (first, rest) = login.split_at(20);
    let mut stream = server.connect();
    write!(
        stream,
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{first}",
        server.addr,
        login.len()
    )
    .unwrap();
    // Let the request reach its handler, then stop the server under it.
    std::thread::sleep(Duration::from_millis(300));
    server.terminate();
    // New clients are turned away once the signal is handled.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match std::net::TcpStream::connect(&server.addr) {
            Err(e) if e.kind() == ErrorKind::ConnectionRefused => break,
            _ if Instant::now() > deadline => panic!("still accepting 10 s after SIGTERM"),
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    stream.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.contains("\"token\""), "{answer}");
    server.exits_cleanly();
}
