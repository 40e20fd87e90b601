//! A deterministic simulation of the whole protocol: several devices (the
//! real `DeviceStore` over `MemoryKv`) making random creates, edits, deletes,
//! undos and conflict settlements, reloading, and syncing with this server
//! model over a network that drops, duplicates, delays and reorders
//! messages, and loses answers after the server committed. After the
//! network heals and everyone syncs:
//! - every device holds exactly the server's entries (content and version)
//!   and the server's unsettled conflicts;
//! - every change of every device was taken exactly once, none is waiting;
//! - every value that lost to a concurrent edit is kept in a conflict record
//!   (checked against an independent replay of what the server took).
//!
//! Cases: `JINGUO_SIM_CASES` (default 150) for a longer run by hand, e.g.
//! `JINGUO_SIM_CASES=5000 cargo test -p shared --release simulation`.

use super::*;
use crate::device::{DeviceStore, EntryStatus, MemoryKv};
use crate::entry::{Entry, EntryField};
use crate::fixtures::sample_entry;
use crate::sync::protocol::{PullPage, PushRequest, PushResponse, MAX_BATCH};
use proptest::prelude::*;
use std::collections::BTreeMap;

const DEVICES: usize = 3;

fn today() -> LocalDate {
    "2026-11-29".parse().unwrap_or_else(|_| unreachable!())
}

/// A message on its way.
#[derive(Debug, Clone)]
enum Msg {
    Push(usize, PushRequest),
    PushReply(usize, PushResponse),
    Pull(usize, u64),
    PullReply(usize, PullPage),
}

/// What happens in one step.
#[derive(Debug, Clone)]
enum Op {
    Create(usize),
    /// Device, which of its entries, which field (0 title, 1 place, 2 note,
    /// 3 photos: add, remove, reorder or caption).
    Edit(usize, usize, u8),
    Toggle(usize, usize),
    Resolve(usize),
    SendPush(usize, usize),
    SendPull(usize),
    /// Which message in flight, and its fate.
    Deliver(usize, Fate),
    Reload(usize),
    /// The server's state is copied (a backup).
    Backup,
    /// The server is stopped and restored from the last backup: what was
    /// in flight is lost with it.
    Restore,
}

#[derive(Debug, Clone, Copy)]
enum Fate {
    Deliver,
    /// Lost on the way (for a push: before the server saw it).
    Drop,
    /// Delivered, and a copy stays in flight to arrive again later.
    Duplicate,
    /// The server takes it, the answer is lost.
    CutAnswer,
}

fn op() -> impl Strategy<Value = Op> {
    let d = 0..DEVICES;
    prop_oneof![
        3 => d.clone().prop_map(Op::Create),
        4 => (d.clone(), any::<usize>(), 0u8..4).prop_map(|(d, i, f)| Op::Edit(d, i, f)),
        1 => (d.clone(), any::<usize>()).prop_map(|(d, i)| Op::Toggle(d, i)),
        1 => d.clone().prop_map(Op::Resolve),
        3 => (d.clone(), 1usize..6).prop_map(|(d, m)| Op::SendPush(d, m)),
        3 => d.clone().prop_map(Op::SendPull),
        8 => (any::<usize>(), prop_oneof![
                5 => Just(Fate::Deliver), 1 => Just(Fate::Drop),
                1 => Just(Fate::Duplicate), 1 => Just(Fate::CutAnswer)])
            .prop_map(|(i, f)| Op::Deliver(i, f)),
        1 => d.prop_map(Op::Reload),
    ]
}

/// The photo list after the `n`th edit: a photo added, the first removed,
/// the list reversed, or the first captioned `typed`, in turn.
fn photo_edit(e: &Entry, n: usize, typed: String) -> serde_json::Value {
    let mut photos = e.photos.clone();
    match n % 4 {
        0 | 1 if photos.len() < 9 => photos.push(crate::photo::PhotoRef {
            sha256: format!("{:064x}", n),
            bytes: 1000 + n as u64,
            width: 1600,
            height: 1200,
            thumb_sha256: format!("{:064x}", n + 1_000_000),
            thumb_bytes: 100,
            caption: String::new(),
        }),
        2 if !photos.is_empty() => {
            photos.remove(0);
        }
        _ if photos.is_empty() => photos.push(crate::photo::PhotoRef {
            sha256: format!("{:064x}", n),
            bytes: 1000,
            width: 1,
            height: 1,
            thumb_sha256: format!("{:064x}", n + 1_000_000),
            thumb_bytes: 100,
            caption: typed,
        }),
        _ => {
            photos.reverse();
            photos[0].caption = typed;
        }
    }
    serde_json::json!(photos)
}

struct World {
    server: ServerModel,
    backup: Option<ServerModel>,
    restorations: u64,
    devices: Vec<DeviceStore<MemoryKv>>,
    flight: Vec<Msg>,
    made: usize,
    edits: usize,
    /// The last value each device typed into each field of each entry.
    typed: BTreeMap<(usize, Uuid, EntryField), serde_json::Value>,
}

impl World {
    fn new() -> Self {
        World {
            server: ServerModel::new(today()),
            backup: None,
            restorations: 0,
            devices: (0..DEVICES)
                .map(|d| {
                    DeviceStore::open(MemoryKv::new(), "jg", || Uuid::from_u128(d as u128 + 1))
                        .unwrap()
                })
                .collect(),
            flight: Vec::new(),
            made: 0,
            edits: 0,
            typed: BTreeMap::new(),
        }
    }

    fn ids(&self, d: usize) -> Vec<Uuid> {
        self.devices[d].entries().map(|l| l.entry.id).collect()
    }

    fn step(&mut self, op: Op) {
        let catalogue = crate::catalogue_default::default_catalogue();
        match op {
            Op::Create(d) => {
                self.made += 1;
                let e = sample_entry((d * 100_000 + self.made) as u32);
                self.devices[d].add(e, &catalogue, today()).unwrap();
            }
            Op::Edit(d, i, field) => {
                let ids = self.ids(d);
                if ids.is_empty() {
                    return;
                }
                self.edits += 1;
                let store = &mut self.devices[d];
                let mut e: Entry = store.get(&ids[i % ids.len()]).unwrap().entry.clone();
                let typed = format!("设备{d}第{}次", self.edits);
                let (field, value) = match field {
                    0 => (EntryField::Title, serde_json::json!(typed)),
                    1 => (EntryField::Place, serde_json::json!(typed)),
                    2 => (EntryField::Note, serde_json::json!(typed)),
                    _ => (EntryField::Photos, photo_edit(&e, self.edits, typed)),
                };
                e.set_field_value(field, &value);
                self.typed.insert((d, e.id, field), value);
                store.edit(e, &catalogue, today()).unwrap();
            }
            Op::Toggle(d, i) => {
                let ids = self.ids(d);
                if let Some(id) = ids.get(i % ids.len().max(1)) {
                    let deleted = self.devices[d].get(id).unwrap().entry.deleted;
                    self.devices[d].set_deleted(id, !deleted, 9).unwrap();
                }
            }
            Op::Resolve(d) => {
                let first = self.devices[d].conflicts().next().map(|c| c.key);
                if let Some(key) = first {
                    self.devices[d].resolve(key).unwrap();
                }
            }
            Op::SendPush(d, max) => {
                if let Some(batch) = self.devices[d].next_batch(max).unwrap() {
                    let last = batch.changes.last().map_or(0, |c| c.seq);
                    self.devices[d].mark_in_flight(last);
                    self.flight.push(Msg::Push(d, batch));
                }
            }
            Op::SendPull(d) => {
                let after = self.devices[d].pulled_through();
                self.flight.push(Msg::Pull(d, after));
            }
            Op::Deliver(i, fate) => {
                if self.flight.is_empty() {
                    return;
                }
                let msg = self.flight.remove(i % self.flight.len());
                match fate {
                    Fate::Drop => {}
                    Fate::Deliver => self.deliver(msg, false),
                    Fate::CutAnswer => self.deliver(msg, true),
                    Fate::Duplicate => {
                        self.flight.push(msg.clone());
                        self.deliver(msg, false);
                    }
                }
            }
            Op::Reload(d) => {
                let kv = self.devices[d].kv().clone();
                self.devices[d] = DeviceStore::open(kv, "jg", || unreachable!()).unwrap();
            }
            Op::Backup => self.backup = Some(self.server.clone()),
            Op::Restore => {
                if let Some(backup) = &self.backup {
                    self.server = backup.clone();
                    self.restorations += 1;
                    self.server.note_restored(1_000_000 + self.restorations);
                    self.flight.clear();
                }
            }
        }
    }

    /// Delivers `msg`; `cut` loses the answer the server gives to it.
    fn deliver(&mut self, msg: Msg, cut: bool) {
        match msg {
            Msg::Push(d, req) => {
                let resp = self.server.push(&req).unwrap();
                if !cut {
                    self.flight.push(Msg::PushReply(d, resp));
                }
            }
            Msg::Pull(d, after) => {
                let page = self.server.pull(self.devices[d].device_id(), after, 4, 0);
                if !cut {
                    self.flight.push(Msg::PullReply(d, page));
                }
            }
            Msg::PushReply(d, resp) => {
                self.devices[d].apply_response(&resp, 1).unwrap();
            }
            Msg::PullReply(d, page) => {
                self.devices[d].apply_pull(&page).unwrap();
            }
        }
    }

    /// The network heals: what is in flight arrives, then every device
    /// pushes everything and pulls everything, `rounds` times round.
    fn heal(&mut self, rounds: usize) {
        while !self.flight.is_empty() {
            let msg = self.flight.remove(0);
            self.deliver(msg, false);
        }
        for _ in 0..rounds {
            for d in 0..DEVICES {
                while let Some(batch) = self.devices[d].next_batch(MAX_BATCH).unwrap() {
                    let resp = self.server.push(&batch).unwrap();
                    self.devices[d].apply_response(&resp, 2).unwrap();
                }
                loop {
                    let after = self.devices[d].pulled_through();
                    let page = self.server.pull(self.devices[d].device_id(), after, 4, 0);
                    let summary = self.devices[d].apply_pull(&page).unwrap();
                    if !page.more && !summary.restarted {
                        break;
                    }
                }
            }
        }
    }
}

/// Replays what the server took, independently of `merge`: which values
/// lost to a concurrent write, by (change that overwrote, field).
fn losing_writes(log: &[Taken]) -> BTreeMap<(u64, EntryField), serde_json::Value> {
    #[derive(Clone)]
    struct Last {
        value: serde_json::Value,
        change_no: u64,
        device: Uuid,
    }
    let mut state: BTreeMap<Uuid, BTreeMap<EntryField, Last>> = BTreeMap::new();
    let mut lost = BTreeMap::new();
    for t in log {
        if !matches!(t.outcome, Outcome::Applied { change_no } if change_no == t.change_no) {
            continue; // refused, or a create of an entry already held
        }
        match &t.change.op {
            ChangeOp::Create { entry } => {
                let fields = EntryField::ALL.into_iter().map(|f| {
                    let last = Last {
                        value: entry.field_value(f),
                        change_no: t.change_no,
                        device: t.device_id,
                    };
                    (f, last)
                });
                state.insert(entry.id, fields.collect());
            }
            ChangeOp::Update {
                entry,
                fields,
                base_version,
            } => {
                let Some(current) = state.get_mut(&entry.id) else {
                    continue;
                };
                for &f in fields {
                    let value = entry.field_value(f);
                    let prev = current[&f].clone();
                    if prev.value == value {
                        continue;
                    }
                    let unseen = base_version.is_none_or(|b| prev.change_no > b);
                    if f != EntryField::Deleted && prev.device != t.device_id && unseen {
                        lost.insert((t.change_no, f), prev.value.clone());
                    }
                    current.insert(
                        f,
                        Last {
                            value,
                            change_no: t.change_no,
                            device: t.device_id,
                        },
                    );
                }
            }
            // What a restoration wrote is logged as the create or edit it was.
            ChangeOp::Resolve { .. } | ChangeOp::Restore { .. } => {}
        }
    }
    lost
}

/// How many times each number of each device was taken: a restoration
/// stands for every number up to its `through`; what it wrote is not a
/// number of its own.
fn numbers_taken(log: &[Taken]) -> BTreeMap<(Uuid, u64), usize> {
    let mut taken: BTreeMap<(Uuid, u64), usize> = BTreeMap::new();
    for t in log.iter().filter(|t| !t.restored) {
        let through = crate::sync::server_rules::covers_through(&t.change);
        for seq in t.seq..=through {
            *taken.entry((t.device_id, seq)).or_default() += 1;
        }
    }
    taken
}

fn cases() -> u32 {
    std::env::var("JINGUO_SIM_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn simulation_converges_loses_nothing_and_applies_each_change_once(
        ops in proptest::collection::vec(op(), 1..120)
    ) {
        let mut world = World::new();
        for op in ops {
            world.step(op);
        }
        world.heal(2);
        let server = &world.server;

        // Each change of each device taken exactly once; nothing waits.
        let taken = numbers_taken(&server.log);
        prop_assert!(taken.values().all(|&n| n == 1), "a change taken twice");
        for store in &world.devices {
            prop_assert_eq!(store.pending_count(), 0);
            let sent = store.meta().next_seq - 1;
            prop_assert_eq!(server.last_applied(&store.device_id()), sent);
            prop_assert_eq!(
                taken.keys().filter(|(d, _)| *d == store.device_id()).count() as u64,
                sent
            );
        }

        // Every device holds the server's state.
        let unsettled: Vec<_> = server.conflicts.values()
            .filter(|c| c.resolved_by.is_none()).map(|c| c.key).collect();
        for store in &world.devices {
            for held in server.entries.values() {
                let local = store.get(&held.entry.id);
                prop_assert!(local.is_some(), "an entry missing on a device");
                let local = local.unwrap_or_else(|| unreachable!());
                prop_assert_eq!(&local.entry, &held.entry);
                prop_assert_eq!(local.version, Some(held.version));
            }
            for local in store.entries() {
                // Only a create the server refused may be on a device alone.
                if !server.entries.contains_key(&local.entry.id) {
                    let refused = matches!(store.status(local), EntryStatus::NeedsAttention { .. });
                    prop_assert!(refused, "an entry the server does not know");
                }
            }
            let keys: Vec<_> = store.conflicts().map(|c| c.key).collect();
            prop_assert_eq!(&keys, &unsettled);
        }

        // What each device typed last reached the server in one of its changes.
        for ((d, id, field), value) in &world.typed {
            let device = world.devices[*d].device_id();
            let sent = server.log.iter().any(|t| {
                t.device_id == device
                    && matches!(t.outcome, Outcome::Applied { .. })
                    && match &t.change.op {
                        ChangeOp::Create { entry } => entry.id == *id && entry.field_value(*field) == *value,
                        ChangeOp::Update { entry, fields, .. } => {
                            entry.id == *id && fields.contains(field) && entry.field_value(*field) == *value
                        }
                        ChangeOp::Resolve { .. } | ChangeOp::Restore { .. } => false,
                    }
            });
            prop_assert!(sent, "device {}'s {:?} of {} never reached the server", d, field, id);
        }

        // Every value that lost to a concurrent write is kept.
        for ((change_no, field), value) in losing_writes(&server.log) {
            let key = ConflictKey { change_no, field };
            let record = server.conflicts.get(&key);
            prop_assert!(record.is_some(), "no conflict kept for {:?}", key);
            prop_assert_eq!(&record.unwrap_or_else(|| unreachable!()).conflict.lost, &value);
        }
    }
}

#[path = "restore_simulation_tests.rs"]
mod restore_simulation;
