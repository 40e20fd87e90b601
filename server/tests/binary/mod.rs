//! The real server binary for tests that need a socket: started with
//! `serve --listen 127.0.0.1:0 --demo`, found through its start-up line, asked
//! over raw HTTP/1.1, stopped with SIGTERM (or killed, by its own pid, when a
//! test fails first). Each test binary uses a subset.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const PREFIX: &str = "Jinguo Ledger listening on http://";

/// A running server process; stopped (by its own pid) when dropped.
pub struct Running {
    child: Child,
    pub addr: String,
    /// The lines printed after the first.
    more: mpsc::Receiver<String>,
}

impl Running {
    /// `serve --demo` over `db`.
    pub fn start(db: &Path) -> Self {
        Self::start_with(db, &[], None)
    }

    /// `serve --demo` over `db` with `extra` flags; with `soft_nofile`, the
    /// process starts with that soft limit of open files (its hard limit as
    /// the test's), set by the shell that execs it.
    pub fn start_with(db: &Path, extra: &[&str], soft_nofile: Option<u32>) -> Self {
        let binary = env!("CARGO_BIN_EXE_server");
        let mut command = match soft_nofile {
            Some(n) => {
                let mut sh = Command::new("sh");
                sh.args([
                    "-c",
                    &format!("ulimit -S -n {n} && exec \"$@\""),
                    "sh",
                    binary,
                ]);
                sh
            }
            None => Command::new(binary),
        };
        let mut child = command
            .args(["serve", "--listen", "127.0.0.1:0", "--demo", "--db"])
            .arg(db)
            .args(extra)
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
    pub fn next_line(&self) -> String {
        self.more
            .recv_timeout(Duration::from_secs(10))
            .expect("another line")
    }

    /// A new connection to the server.
    pub fn connect(&self) -> TcpStream {
        let addr = self.addr.parse().expect("a socket address");
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
            .expect("connected within 5 s");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("read timeout");
        stream
    }

    /// GETs `path` (with a bearer token if given); returns the status line and the body.
    pub fn get(&self, path: &str, token: Option<&str>) -> (String, String) {
        let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
        self.request(&format!("GET {path} HTTP/1.1\r\n{auth}"), "")
    }

    /// POSTs JSON to `path`; returns the status line and the body.
    pub fn post(&self, path: &str, json: &str) -> (String, String) {
        let head = format!(
            "POST {path} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            json.len()
        );
        self.request(&head, json)
    }

    /// Sends `head` (request line and headers, each ending in CRLF) and `body`
    /// on a new connection that closes after the answer.
    pub fn request(&self, head: &str, body: &str) -> (String, String) {
        let response = self.raw(&format!(
            "{head}Host: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr
        ));
        let (head, body) = response.split_once("\r\n\r\n").expect("a whole answer");
        (
            head.lines().next().unwrap_or("").to_owned(),
            body.to_owned(),
        )
    }

    /// Writes `bytes` as they are on a new connection and reads until the
    /// server closes it.
    pub fn raw(&self, bytes: &str) -> String {
        let mut stream = self.connect();
        stream.write_all(bytes.as_bytes()).expect("write");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read the answer");
        String::from_utf8_lossy(&response).into_owned()
    }

    /// SIGTERM, then the exit status must be success (graceful shutdown).
    pub fn stop(self) {
        self.terminate();
        self.exits_cleanly();
    }

    /// Sends SIGTERM (what systemd sends) to the server's own pid.
    pub fn terminate(&self) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -TERM {pid}");
    }

    /// Waits for the process to end; it must end with success.
    pub fn exits_cleanly(mut self) {
        let status = self.child.wait().expect("wait for the server");
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

/// The value of header `name` in a raw answer's head (case-insensitive).
pub fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    let head = response.split("\r\n\r\n").next()?;
    head.lines().skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}
