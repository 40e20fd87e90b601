//! Two real server processes on one database (a PostgreSQL schema when
//! `JINGUO_TEST_DATABASE_URL` names a server — the test command's
//! `scripts/postgres.sh` step —, else one SQLite file in WAL mode), and
//! four phones — the real `shared::device::DeviceStore` — recording,
//! editing each other's entries and deleting, syncing through the two
//! alternately through faults made here: a request that never leaves, an
//! answer lost after the server committed, a request sent to both
//! processes at the same moment (one applies it, the other replays it: the
//! two answers must be byte for byte the same). Mid-way one process is
//! killed with SIGKILL while a push is on its way to it, and started again.
//! After the faults stop and every phone syncs, the checks of the sync
//! tests: every number of every phone taken exactly once (its receipts in
//! the database, its counter its last change), 0 entries lost, 0 twice, and
//! every phone holds exactly what the server holds.
//!
//! `JINGUO_TWO_PROCESSES_SEED` repeats a run (the seed is printed).
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod binary;
mod test_db;

use binary::Running;
use shared::api::{PULL_PATH, PUSH_PATH};
use shared::catalogue_default::default_catalogue;
use shared::device::{DeviceStore, MemoryKv};
use shared::fixtures::sample_entry;
use shared::sync::protocol::{PullPage, PushRequest, PushResponse};
use shared::{Entry, LocalDate};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;
use uuid::Uuid;

const PHONES: usize = 4;
const ROUNDS: usize = 40;
/// Small batches, so that a phone's outbox takes several pushes.
const BATCH: usize = 4;

/// A small deterministic generator (xorshift), seeded per run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// One HTTP/1.1 request on a new connection to `addr`: the status line and
/// the body; `None` when the connection failed (a killed process).
fn http(addr: &str, head: &str, body: &str) -> Option<(String, String)> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    let request = format!(
        "{head}Host: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n")?;
    Some((head.lines().next()?.to_owned(), body.to_owned()))
}

fn push(addr: &str, token: &str, req: &PushRequest) -> Option<(String, String)> {
    let head = format!("POST {PUSH_PATH} HTTP/1.1\r\nAuthorization: Bearer {token}\r\n");
    http(addr, &head, &serde_json::to_string(req).unwrap())
}

fn pull(addr: &str, token: &str, after: u64) -> Option<PullPage> {
    let head = format!(
        "GET {PULL_PATH}?after={after}&limit=50 HTTP/1.1\r\nAuthorization: Bearer {token}\r\n"
    );
    let (status, body) = http(addr, &head, "")?;
    assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
    Some(serde_json::from_str(&body).unwrap())
}

fn login(addr: &str, device: Uuid) -> String {
    let body = format!(
        r#"{{"username":"admin","password":"jinguo2026","device_id":"{device}","device_label":"t"}}"#
    );
    let (status, body) = http(addr, "POST /api/v1/auth/login HTTP/1.1\r\n", &body).unwrap();
    assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["token"].as_str().unwrap().to_owned()
}

/// What becomes of one request.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fate {
    Delivered,
    /// Never left the phone.
    Dropped,
    /// The server took it; the answer was lost.
    AnswerLost,
    /// Sent to both processes at the same moment.
    ToBoth,
}

struct Phone {
    store: DeviceStore<MemoryKv>,
    token: String,
    made: u32,
}

impl Phone {
    fn today() -> LocalDate {
        LocalDate::from_unix_ms(server::now_ms(), shared::date::CHINA_UTC_OFFSET_MINUTES)
    }

    /// Records, edits or deletes something, as chosen by `rng`.
    fn work(&mut self, p: usize, rng: &mut Rng) {
        let ids: Vec<Uuid> = self.store.entries().map(|l| l.entry.id).collect();
        let choice = rng.below(10);
        if ids.is_empty() || choice < 5 {
            self.made += 1;
            let entry = sample_entry(100_000 * (p as u32 + 1) + self.made);
            self.store
                .add(entry, &default_catalogue(), Self::today())
                .unwrap();
        } else if choice < 9 {
            let id = ids[rng.below(ids.len() as u64) as usize];
            let mut entry = self.store.get(&id).unwrap().entry.clone();
            entry.place = format!("手机{p}改的地点{}", rng.below(1000));
            self.store
                .edit(entry, &default_catalogue(), Self::today())
                .unwrap();
        } else {
            let id = ids[rng.below(ids.len() as u64) as usize];
            let deleted = self.store.get(&id).unwrap().entry.deleted;
            self.store.set_deleted(&id, !deleted, 9).unwrap();
        }
    }

    /// Pushes its outbox and pulls through `addrs[0]`, each request meeting
    /// the fate `fate` gives it (`addrs[1]` is the other process). Stops at
    /// the first request that did not come back, as the app does.
    fn sync(&mut self, addrs: [&str; 2], mut fate: impl FnMut() -> Fate) {
        while let Some(batch) = self.store.next_batch(BATCH).unwrap() {
            let last = batch.changes.last().unwrap().seq;
            self.store.mark_in_flight(last);
            let answer = match fate() {
                Fate::Dropped => None,
                Fate::AnswerLost => {
                    push(addrs[0], &self.token, &batch);
                    None
                }
                Fate::Delivered => push(addrs[0], &self.token, &batch),
                Fate::ToBoth => {
                    let (one, two) = std::thread::scope(|s| {
                        let one = s.spawn(|| push(addrs[0], &self.token, &batch));
                        let two = s.spawn(|| push(addrs[1], &self.token, &batch));
                        (one.join().unwrap(), two.join().unwrap())
                    });
                    assert_eq!(one, two, "both processes answer alike");
                    one
                }
            };
            let Some((status, body)) = answer else {
                self.store.send_failed(1).unwrap();
                return;
            };
            assert_eq!(status, "HTTP/1.1 200 OK", "{body}");
            let resp: PushResponse = serde_json::from_str(&body).unwrap();
            let summary = self.store.apply_response(&resp, 1).unwrap();
            assert!(summary.applied + summary.rejected > 0, "{resp:?}");
        }
        loop {
            let after = self.store.pulled_through();
            let page = match fate() {
                Fate::Dropped => return,
                Fate::AnswerLost => {
                    pull(addrs[0], &self.token, after);
                    return;
                }
                Fate::Delivered | Fate::ToBoth => match pull(addrs[0], &self.token, after) {
                    Some(page) => page,
                    None => return,
                },
            };
            let summary = self.store.apply_pull(&page).unwrap();
            if !page.more && !summary.restarted {
                return;
            }
        }
    }
}

/// The rows of `sql` as counts, read straight from the database both
/// processes share.
fn query(db: &std::path::Path, sql: &str) -> Vec<(String, i64, i64)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let text = db.to_string_lossy();
        let url = if text.contains("://") {
            text.into_owned()
        } else {
            format!("sqlite://{text}")
        };
        let db = server::db::Db::connect(&url, 1).await.unwrap();
        let rows = sqlx::query_as(sql).fetch_all(db.pool()).await.unwrap();
        db.close().await;
        rows
    })
}

#[test]
fn phones_through_two_processes_under_faults_and_a_kill_lose_nothing_and_agree() {
    let seed: u64 = std::env::var("JINGUO_TWO_PROCESSES_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_2026);
    println!("JINGUO_TWO_PROCESSES_SEED={seed}");
    let mut rng = Rng(seed | 1);
    let dir = tempfile::tempdir().unwrap();
    let db = test_db::binary_database(&dir, "ledger.sqlite3");
    let mut servers = vec![Running::start(&db), Running::start(&db)];
    let mut phones: Vec<Phone> = (0..PHONES)
        .map(|p| {
            let id = Uuid::from_u128(0xe000 + p as u128);
            Phone {
                store: DeviceStore::open(MemoryKv::new(), "jg", || id).unwrap(),
                token: login(&servers[p % 2].addr, id),
                made: 0,
            }
        })
        .collect();

    let mut fates = Rng(seed.rotate_left(17) | 1);
    for round in 0..ROUNDS {
        if round == ROUNDS / 2 {
            // Phone 0's next batch is written to process 0, which is killed
            // at once: it may or may not have committed it.
            phones[0].work(0, &mut rng);
            let batch = phones[0].store.next_batch(BATCH).unwrap().unwrap();
            let body = serde_json::to_string(&batch).unwrap();
            let mut stream = servers[0].connect();
            write!(
                stream,
                "POST {PUSH_PATH} HTTP/1.1\r\nAuthorization: Bearer {}\r\n\
                 Content-Type: application/json\r\nContent-Length: {}\r\nHost: x\r\n\r\n{body}",
                phones[0].token,
                body.len()
            )
            .unwrap();
            servers.swap(0, 1);
            let killed = servers.pop().unwrap();
            drop(killed); // SIGKILL, by its own pid
            servers.insert(0, Running::start(&db));
            phones[0]
                .store
                .mark_in_flight(batch.changes.last().unwrap().seq);
            phones[0].store.send_failed(1).unwrap();
        }
        for (p, phone) in phones.iter_mut().enumerate() {
            phone.work(p, &mut rng);
            let first = (round + p) % 2;
            let addrs = [
                servers[first].addr.as_str(),
                servers[1 - first].addr.as_str(),
            ];
            phone.sync(addrs, || match fates.below(10) {
                0 => Fate::Dropped,
                1 => Fate::AnswerLost,
                2 | 3 => Fate::ToBoth,
                _ => Fate::Delivered,
            });
        }
    }

    // The faults stop; everyone syncs, through both, twice round.
    for round in 0..2 {
        for (p, phone) in phones.iter_mut().enumerate() {
            let first = (round + p) % 2;
            let addrs = [
                servers[first].addr.as_str(),
                servers[1 - first].addr.as_str(),
            ];
            phone.sync(addrs, || Fate::Delivered);
            assert_eq!(
                phone.store.pending_count(),
                0,
                "phone {p} has changes waiting"
            );
        }
    }

    // Exactly once: each number of each phone has one receipt, and its
    // counter is its last change.
    let twice = query(
        &db,
        "SELECT device_id, device_seq, COUNT(*) FROM changes WHERE device_seq > 0 \
         GROUP BY device_id, device_seq HAVING COUNT(*) > 1",
    );
    assert!(twice.is_empty(), "numbers taken twice: {twice:?}");
    let counters = query(
        &db,
        "SELECT d.id, d.last_seq, (SELECT COUNT(*) FROM changes c \
         WHERE c.device_id = d.id AND c.device_seq > 0) FROM devices d",
    );
    for phone in &phones {
        let id = phone.store.device_id().to_string();
        let sent = phone.store.meta().next_seq as i64 - 1;
        let row = counters.iter().find(|r| r.0 == id).unwrap();
        assert_eq!(
            (row.1, row.2),
            (sent, sent),
            "phone {id}: counter, receipts"
        );
    }

    // What the server holds, read afresh through the restarted process.
    let reader = login(&servers[0].addr, Uuid::from_u128(0xeeee));
    let mut server: BTreeMap<Uuid, Entry> = BTreeMap::new();
    let mut after = 0;
    loop {
        let page = pull(&servers[0].addr, &reader, after).unwrap();
        for pulled in page.entries {
            assert!(
                server.insert(pulled.entry.id, pulled.entry).is_none(),
                "an entry twice in one pull"
            );
        }
        after = page.upto;
        if !page.more {
            break;
        }
    }
    let rows = query(
        &db,
        "SELECT 'entries', COUNT(*), COUNT(DISTINCT id) FROM entries",
    );
    assert_eq!(rows[0].1, rows[0].2, "an entry stored twice");
    assert_eq!(rows[0].1 as usize, server.len());

    // 0 lost: every entry each phone made is there; every phone agrees.
    let mut made = 0;
    for (p, phone) in phones.iter().enumerate() {
        for n in 1..=phone.made {
            let id = sample_entry(100_000 * (p as u32 + 1) + n).id;
            assert!(server.contains_key(&id), "phone {p}'s entry {n} is lost");
            made += 1;
        }
        let held: BTreeMap<Uuid, Entry> = phone
            .store
            .entries()
            .map(|l| (l.entry.id, l.entry.clone()))
            .collect();
        assert_eq!(held.len(), server.len(), "phone {p} holds another set");
        for (id, entry) in &held {
            assert_eq!(Some(entry), server.get(id), "phone {p} differs on {id}");
        }
    }
    let demo = shared::demo_year::demo_year_entries().len();
    assert_eq!(server.len(), demo + made, "nothing lost, nothing extra");
    println!(
        "{made} entries made on {PHONES} phones in {ROUNDS} rounds, {} changes",
        phones
            .iter()
            .map(|p| p.store.meta().next_seq - 1)
            .sum::<u64>()
    );
    for running in servers {
        running.stop();
    }
}
