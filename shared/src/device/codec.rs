//! How the device's records are written to storage: compact JSON arrays in a
//! fixed field order (a third smaller than objects with field names, which
//! matters against a 5 MiB quota), and how the layouts of older app versions
//! are read so that their data can be migrated on open.
//!
//! Layout 2 (this one):
//! - entry: `[2, id, org, kind, title, date, end, place, level, partners,
//!   counts, person, note, deleted, created_ms, updated_ms, seq, outcome,
//!   version, photos]`, where `outcome` is `null`, a receipt number (applied) or the
//!   rejection's reason (an object), and `photos` (`PhotoRef` objects) is
//!   left out when there are none: records written before photos existed
//!   read unchanged, and an entry without photos costs nothing more;
//! - outbox item: `[seq, id, fields, base_version]`, `fields` `null` for a
//!   create (the entry's content is read from its record when it is sent);
//! - conflict: the server's `ConflictRecord` as JSON under
//!   `{ns}:x:{change_no}:{field}` ([`conflict_key`]).
//!
//! Layout 1 (the first release): objects, `{"entry": {…, "sessions": n,
//! "participants": n}, "seq": n, "outcome": {…}}` and whole changes in the
//! outbox. [`decode_entry`] and [`decode_outbox`] read both.

use super::kv::KeyValue;
use super::records::{LocalEntry, OutboxItem, PendingOp};
use crate::catalogue::Catalogue;
use crate::date::LocalDate;
use crate::entry::{Entry, EntryField, Level, Person};
use crate::photo::PhotoRef;
use crate::sync::protocol::{ConflictKey, ConflictRecord, Outcome, RejectReason};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

const ENTRY_LAYOUT: u8 = 2;

/// The stored form of an outcome.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum PackedOutcome {
    Applied(u64),
    Rejected(RejectReason),
}

#[derive(Serialize, Deserialize)]
struct PackedEntry(
    u8,
    Uuid,
    Uuid,
    String,
    String,
    LocalDate,
    Option<LocalDate>,
    String,
    Level,
    Vec<String>,
    BTreeMap<String, u64>,
    Option<Person>,
    String,
    u8,
    i64,
    i64,
    u64,
    Option<PackedOutcome>,
    Option<u64>,
    #[serde(default)] Vec<PhotoRef>,
);

/// Writes an entry record.
pub fn encode_entry(local: &LocalEntry) -> String {
    let e = local.entry.clone();
    let outcome = local.outcome.clone().map(|o| match o {
        Outcome::Applied { change_no } => PackedOutcome::Applied(change_no),
        Outcome::Rejected { reason } => PackedOutcome::Rejected(reason),
    });
    let packed = PackedEntry(
        ENTRY_LAYOUT,
        e.id,
        e.org_id,
        e.kind,
        e.title,
        e.date,
        e.end_date,
        e.place,
        e.level,
        e.partners,
        e.counts,
        e.person,
        e.note,
        u8::from(e.deleted),
        e.created_ms,
        e.updated_ms,
        local.seq,
        outcome,
        local.version,
        e.photos,
    );
    // Plain data with string keys: serialising cannot fail.
    let Ok(serde_json::Value::Array(mut fields)) = serde_json::to_value(&packed) else {
        return String::new();
    };
    if packed.19.is_empty() {
        fields.pop(); // no photos: the record as it was before photos existed
    }
    serde_json::to_string(&fields).unwrap_or_default()
}

/// Reads an entry record of either layout; `None` if it is unreadable.
/// `catalogue` maps layout 1's two fixed counts onto the kind's counts.
pub fn decode_entry(raw: &str, catalogue: &Catalogue) -> Option<LocalEntry> {
    if raw.starts_with('[') {
        let p: PackedEntry = serde_json::from_str(raw).ok()?;
        if p.0 != ENTRY_LAYOUT {
            return None;
        }
        let outcome = p.17.map(|o| match o {
            PackedOutcome::Applied(change_no) => Outcome::Applied { change_no },
            PackedOutcome::Rejected(reason) => Outcome::Rejected { reason },
        });
        return Some(LocalEntry {
            entry: Entry {
                id: p.1,
                org_id: p.2,
                kind: p.3,
                title: p.4,
                date: p.5,
                end_date: p.6,
                place: p.7,
                level: p.8,
                partners: p.9,
                counts: p.10,
                person: p.11,
                note: p.12,
                deleted: p.13 != 0,
                created_ms: p.14,
                updated_ms: p.15,
                photos: p.19,
            },
            seq: p.16,
            outcome,
            version: p.18,
        });
    }
    let v1: V1Local = serde_json::from_str(raw).ok()?;
    let version = match &v1.outcome {
        Some(Outcome::Applied { change_no }) => Some(*change_no),
        _ => None,
    };
    Some(LocalEntry {
        entry: v1.entry.upgrade(catalogue),
        seq: v1.seq,
        outcome: v1.outcome,
        version,
    })
}

/// An outbox item: `[seq, id, fields, base, catalogue]` (fields `null`: a
/// create; `catalogue` the version it was checked under), `[seq, id, fields,
/// base]` (written before catalogue versions travelled, or a tombstone), or
/// `[seq, id, "resolve", change_no, field]`. Untagged, tried in this order:
/// an array of four never reads as five, and a settlement's third element is
/// a string, never a list of fields.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum PackedItem {
    Versioned(u64, Uuid, Option<Vec<EntryField>>, Option<u64>, u32),
    Change(u64, Uuid, Option<Vec<EntryField>>, Option<u64>),
    Resolve(u64, Uuid, String, u64, EntryField),
}

const RESOLVE: &str = "resolve";

/// Writes an outbox item.
pub fn encode_outbox(item: &OutboxItem) -> String {
    let change = |fields: Option<Vec<EntryField>>, base: Option<u64>| match item.catalogue_version {
        Some(v) => PackedItem::Versioned(item.seq, item.id, fields, base, v),
        None => PackedItem::Change(item.seq, item.id, fields, base),
    };
    let packed = match &item.op {
        PendingOp::Create => change(None, None),
        PendingOp::Update {
            fields,
            base_version,
        } => change(Some(fields.clone()), *base_version),
        PendingOp::Resolve { conflict } => PackedItem::Resolve(
            item.seq,
            item.id,
            RESOLVE.to_owned(),
            conflict.change_no,
            conflict.field,
        ),
    };
    serde_json::to_string(&packed).unwrap_or_default()
}

/// Reads an outbox item of either layout.
pub fn decode_outbox(raw: &str) -> Option<OutboxItem> {
    if raw.starts_with('[') {
        let (seq, id, fields, base_version, catalogue_version) =
            match serde_json::from_str(raw).ok()? {
                PackedItem::Versioned(seq, id, fields, base, v) => (seq, id, fields, base, Some(v)),
                PackedItem::Change(seq, id, fields, base) => (seq, id, fields, base, None),
                PackedItem::Resolve(seq, id, tag, change_no, field) if tag == RESOLVE => {
                    return Some(OutboxItem {
                        seq,
                        id,
                        op: PendingOp::Resolve {
                            conflict: ConflictKey { change_no, field },
                        },
                        catalogue_version: None,
                    });
                }
                PackedItem::Resolve(..) => return None,
            };
        let op = match fields {
            None => PendingOp::Create,
            Some(fields) => PendingOp::Update {
                fields,
                base_version,
            },
        };
        return Some(OutboxItem {
            seq,
            id,
            op,
            catalogue_version,
        });
    }
    // Layout 1 held only creates, with the whole entry.
    let v1: V1Change = serde_json::from_str(raw).ok()?;
    Some(OutboxItem {
        seq: v1.seq,
        id: v1.op.create.entry.id,
        op: PendingOp::Create,
        catalogue_version: None,
    })
}

/// Whether a stored record is of the current layout (migration rewrites the rest).
pub fn is_current(raw: &str) -> bool {
    raw.starts_with('[')
}

/// An entry as the first release stored it.
#[derive(Deserialize)]
struct V1Local {
    entry: V1Entry,
    seq: u64,
    #[serde(default)]
    outcome: Option<Outcome>,
}

#[derive(Deserialize)]
struct V1Entry {
    id: Uuid,
    org_id: Uuid,
    kind: String,
    title: String,
    date: LocalDate,
    place: String,
    sessions: u32,
    participants: u32,
    note: String,
    created_ms: i64,
    updated_ms: i64,
}

#[derive(Deserialize)]
struct V1Change {
    seq: u64,
    op: V1Op,
}

#[derive(Deserialize)]
struct V1Op {
    create: V1Create,
}

#[derive(Deserialize)]
struct V1Create {
    entry: V1IdOnly,
}

#[derive(Deserialize)]
struct V1IdOnly {
    id: Uuid,
}

impl V1Entry {
    /// The first release counted sessions and participants for every kind;
    /// they go to the kind's own counts of the same meaning (sessions or
    /// times; participants, beneficiaries or people trained). A count the
    /// kind has no place for is kept in the note, so nothing typed is lost.
    fn upgrade(self, catalogue: &Catalogue) -> Entry {
        let def = catalogue.kind(&self.kind);
        let has = |key: &str| def.is_some_and(|d| d.count(key).is_some());
        let mut counts = BTreeMap::new();
        let mut leftover = Vec::new();
        let mut place = |value: u32, keys: &[&str], label: &str| match keys.iter().find(|k| has(k))
        {
            Some(key) => {
                counts.insert((*key).to_owned(), u64::from(value));
            }
            None if value > 0 => leftover.push(format!("{label}{value}")),
            None => {}
        };
        place(self.sessions, &["sessions", "times"], "场次");
        place(
            self.participants,
            &["participants", "beneficiaries", "trained"],
            "参与人数",
        );
        let mut note = self.note;
        if !leftover.is_empty() {
            if !note.is_empty() {
                note.push('\n');
            }
            note.push_str(&leftover.join("，"));
        }
        Entry {
            id: self.id,
            org_id: self.org_id,
            kind: self.kind,
            title: self.title,
            date: self.date,
            end_date: None,
            place: self.place,
            level: Level::Village,
            partners: Vec::new(),
            counts,
            person: None,
            note,
            deleted: false,
            created_ms: self.created_ms,
            updated_ms: self.updated_ms,
            photos: Vec::new(),
        }
    }
}

/// The conflicts kept under namespace `ns` (unreadable ones are skipped).
pub(super) fn read_conflicts<K: KeyValue>(
    kv: &K,
    ns: &str,
) -> BTreeMap<ConflictKey, ConflictRecord> {
    kv.keys_with_prefix(&format!("{ns}:x:"))
        .into_iter()
        .filter_map(|k| kv.get(&k))
        .filter_map(|raw| serde_json::from_str::<ConflictRecord>(&raw).ok())
        .map(|r| (r.key, r))
        .collect()
}

/// Where a conflict is kept: `{ns}:x:{change_no}:{field}`.
pub(super) fn conflict_key(ns: &str, key: &ConflictKey) -> String {
    format!("{ns}:x:{}:{}", key.change_no, key.field.id())
}

#[cfg(test)]
#[path = "codec_tests.rs"]
mod tests;
