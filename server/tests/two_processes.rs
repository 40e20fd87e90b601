//! Two server processes on one database (a PostgreSQL schema when
//! `JINGUO_TEST_DATABASE_URL` names a server, else one SQLite file in WAL
//! mode): three phones push through both alternately, each batch sent to
//! both at the same moment (one applies it, the other replays it: the two
//! answers are byte for byte the same); one process is killed with SIGKILL
//! right after a push was written to it, the phone retries on the other and
//! a restarted process takes its place. In the end nothing is lost and
//! nothing is there twice, and every phone's counter is its last change.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod binary;
mod test_db;

use binary::Running;
use shared::api::PUSH_PATH;
use shared::fixtures::sample_entry;
use shared::sync::protocol::{Change, ChangeOp, Outcome, PushRequest, PushResponse};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use uuid::Uuid;

const PHONES: u128 = 3;
const ROUNDS: u64 = 8;
const PER_BATCH: u64 = 5;

fn login(server: &Running, device: Uuid) -> String {
    let body = format!(
        r#"{{"username":"admin","password":"jinguo2026","device_id":"{device}","device_label":"t"}}"#
    );
    let (status, body) = server.post("/api/v1/auth/login", &body);
    assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["token"].as_str().unwrap().to_owned()
}

fn push_head(token: &str, body: &str) -> String {
    format!(
        "POST {PUSH_PATH} HTTP/1.1\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    )
}

/// Pushes `body` to the server at `addr` (an address, so that threads can
/// share it); the answer must be 200.
fn push(addr: &str, token: &str, body: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    let head = push_head(token, body);
    write!(
        stream,
        "{head}Host: {addr}\r\nConnection: close\r\n\r\n{body}"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, answer) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{response}");
    answer.to_owned()
}

/// Phone `p`'s batch `r`: creates of entries no other phone or batch has.
fn batch(p: u128, r: u64) -> String {
    let device = Uuid::from_u128(0xd000 + p);
    let changes = (r * PER_BATCH + 1..=(r + 1) * PER_BATCH)
        .map(|seq| Change {
            seq,
            op: ChangeOp::Create {
                entry: sample_entry((10_000 * (p as u64 + 1) + seq) as u32),
            },
            catalogue_version: None,
        })
        .collect();
    serde_json::to_string(&PushRequest {
        device_id: device,
        changes,
    })
    .unwrap()
}

#[test]
fn two_processes_a_kill_mid_push_nothing_lost_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let db = test_db::binary_database(&dir, "ledger.sqlite3");
    // One after the other: the first loads the demo, the second finds it there.
    let mut a = Running::start(&db);
    let b = Running::start(&db);
    let tokens: Vec<String> = (0..PHONES)
        .map(|p| login(&a, Uuid::from_u128(0xd000 + p)))
        .collect();

    let mut created = BTreeSet::new();
    for r in 0..ROUNDS {
        if r == ROUNDS / 2 {
            // Phone 0's batch is written to `a`, which is killed at once: it
            // may or may not have committed it. The phone retries on `b`.
            let body = batch(0, r);
            let mut stream = a.connect();
            let head = push_head(&tokens[0], &body);
            write!(stream, "{head}Host: {}\r\n\r\n{body}", a.addr).unwrap();
            drop(a); // SIGKILL
            let answer: PushResponse =
                serde_json::from_str(&push(&b.addr, &tokens[0], &body)).unwrap();
            assert_eq!(answer.last_applied, (r + 1) * PER_BATCH);
            a = Running::start(&db);
            created.extend(answer.receipts.iter().map(|x| (0, x.seq)));
            for p in 1..PHONES {
                let answer = push(&b.addr, &tokens[p as usize], &batch(p, r));
                let answer: PushResponse = serde_json::from_str(&answer).unwrap();
                created.extend(answer.receipts.iter().map(|x| (p, x.seq)));
            }
            continue;
        }
        for p in 0..PHONES {
            let body = batch(p, r);
            let token = &tokens[p as usize];
            // The same batch to both processes at the same moment.
            let (to_a, to_b) = (a.addr.as_str(), b.addr.as_str());
            let (first, second) = std::thread::scope(|s| {
                let one = s.spawn(|| push(to_a, token, &body));
                let two = s.spawn(|| push(to_b, token, &body));
                (one.join().unwrap(), two.join().unwrap())
            });
            assert_eq!(first, second, "both processes answer alike");
            let answer: PushResponse = serde_json::from_str(&first).unwrap();
            assert!(answer
                .receipts
                .iter()
                .all(|x| matches!(x.outcome, Outcome::Applied { .. })));
            assert_eq!(answer.last_applied, (r + 1) * PER_BATCH);
            created.extend(answer.receipts.iter().map(|x| (p, x.seq)));
        }
    }
    assert_eq!(created.len() as u64, PHONES as u64 * ROUNDS * PER_BATCH);

    // Read through the restarted process: the demo year and every entry, once.
    let admin = login(&a, Uuid::from_u128(0xadad));
    let (status, body) = a.get("/api/v1/entries?limit=1000", Some(&admin));
    assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
    let page: serde_json::Value = serde_json::from_str(&body).unwrap();
    let listed = page["entries"].as_array().unwrap();
    let ids: BTreeSet<&str> = listed.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), listed.len(), "nothing twice");
    let demo = shared::demo_year::demo_year_entries().len();
    assert_eq!(listed.len(), demo + created.len(), "nothing lost");
    for p in 0..PHONES {
        for seq in 1..=ROUNDS * PER_BATCH {
            let id = sample_entry((10_000 * (p as u64 + 1) + seq) as u32).id;
            assert!(
                ids.contains(id.to_string().as_str()),
                "phone {p} change {seq}"
            );
        }
    }
    a.stop();
    b.stop();
}
