//! How the server merges an edit into the entry it holds, field by field.
//!
//! Every field of a held entry carries a [`FieldStamp`]: the change (in
//! server order) and the device that last wrote it. An edit names its base
//! version (the newest server version its device had seen). For each field
//! it changes:
//! - nobody else wrote the field since the base: the edit's value applies;
//! - another device wrote it since the base (a concurrent edit) and the
//!   values differ: a **conflict**. The later change in server order wins —
//!   the same everywhere, since every device takes the server's state — and
//!   the losing value is kept in a [`Conflict`] for the people who can
//!   resolve it.
//!
//! A delete is the `deleted` field. An edit racing a delete is a conflict on
//! `deleted` whichever comes first: the entry stays deleted (a delete never
//! loses to an edit it did not see), the edit is applied to the tombstone so
//! that restoring brings it back, and the conflict says so.
#![deny(missing_docs)]

use crate::entry::{Entry, EntryField};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Who last wrote a field, in server order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldStamp {
    /// The server's number of the change that wrote the field.
    pub change_no: u64,
    /// The device that sent that change.
    pub device_id: Uuid,
}

/// An entry as the server holds it: content, version, and a stamp per field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldEntry {
    /// The content (the merged newest value of every field).
    pub entry: Entry,
    /// The change that last wrote it.
    pub version: u64,
    /// Fields without a stamp were last written by `created`.
    pub stamps: BTreeMap<EntryField, FieldStamp>,
    /// The change that created it.
    pub created: FieldStamp,
}

impl HeldEntry {
    /// A new entry, every field written by its create.
    pub fn created(entry: Entry, created: FieldStamp) -> Self {
        HeldEntry {
            entry,
            version: created.change_no,
            stamps: BTreeMap::new(),
            created,
        }
    }

    /// Who last wrote `field`.
    pub fn stamp(&self, field: EntryField) -> FieldStamp {
        self.stamps.get(&field).copied().unwrap_or(self.created)
    }
}

/// Names a conflict: the change that made it and the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConflictKey {
    /// The server number of the change that made it: the later of the two.
    pub change_no: u64,
    /// The field the two changes both wrote.
    pub field: EntryField,
}

/// A field that two devices changed without seeing each other's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conflict {
    /// The entry it is about.
    pub entry_id: Uuid,
    /// The field both changes wrote.
    pub field: EntryField,
    /// The value the entry kept.
    pub kept: serde_json::Value,
    /// The value that lost, kept so that nothing typed is lost.
    pub lost: serde_json::Value,
    /// The change (and device) whose value the entry kept.
    pub kept_by: FieldStamp,
    /// The change (and device) whose value lost.
    pub lost_by: FieldStamp,
}

impl Conflict {
    /// Names a conflict: the change that made it (the later of the two) and the field.
    pub fn key(&self) -> ConflictKey {
        ConflictKey {
            change_no: self.kept_by.change_no.max(self.lost_by.change_no),
            field: self.field,
        }
    }
}

/// The result of merging an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    /// The entry to store.
    pub held: HeldEntry,
    /// The conflicts the edit made (empty when it saw every change it overwrote).
    pub conflicts: Vec<Conflict>,
}

/// Merges the edit `change` of `device` (taking `fields` from `incoming`,
/// made from `base`) into `held`. The result is what the server stores; it
/// is not validated here (see `server_rules::decide_update`).
pub fn merge_update(
    held: &HeldEntry,
    incoming: &Entry,
    fields: &[EntryField],
    base: Option<u64>,
    change: FieldStamp,
) -> Merged {
    // Written by another device after the base the edit was made from.
    let concurrent = |stamp: FieldStamp| {
        stamp.device_id != change.device_id && base.is_none_or(|b| stamp.change_no > b)
    };
    let mut next = held.clone();
    let mut conflicts = Vec::new();
    for &field in fields {
        if held.entry.same_field(incoming, field) {
            continue; // the same change made twice is no conflict, and no write
        }
        let stamp = held.stamp(field);
        if field != EntryField::Deleted && concurrent(stamp) {
            conflicts.push(Conflict {
                entry_id: held.entry.id,
                field,
                kept: incoming.field_value(field),
                lost: held.entry.field_value(field),
                kept_by: change,
                lost_by: stamp,
            });
        }
        next.entry.copy_field(incoming, field);
        next.stamps.insert(field, change);
    }
    let edits_content = fields
        .iter()
        .any(|&f| f != EntryField::Deleted && !held.entry.same_field(incoming, f));
    let deletes = fields.contains(&EntryField::Deleted) && incoming.deleted && !held.entry.deleted;
    let deleted_stamp = held.stamp(EntryField::Deleted);
    if edits_content && held.entry.deleted && concurrent(deleted_stamp) {
        // An edit of an entry deleted meanwhile: it stays deleted.
        conflicts.push(deleted_conflict(held, deleted_stamp, change));
    } else if deletes {
        // A delete of an entry edited meanwhile: the edit lost its entry.
        let edited = EntryField::ALL
            .into_iter()
            .filter(|f| *f != EntryField::Deleted && !fields.contains(f))
            .map(|f| held.stamp(f))
            .filter(|s| concurrent(*s))
            .max_by_key(|s| s.change_no);
        if let Some(editor) = edited {
            conflicts.push(deleted_conflict(held, change, editor));
        }
    }
    next.entry.updated_ms = incoming.updated_ms;
    next.version = change.change_no;
    Merged {
        held: next,
        conflicts,
    }
}

/// "Deleted by `deleter` while `editor` edited it": kept deleted.
fn deleted_conflict(held: &HeldEntry, deleter: FieldStamp, editor: FieldStamp) -> Conflict {
    Conflict {
        entry_id: held.entry.id,
        field: EntryField::Deleted,
        kept: serde_json::Value::Bool(true),
        lost: serde_json::Value::Bool(false),
        kept_by: deleter,
        lost_by: editor,
    }
}

#[cfg(test)]
#[path = "merge_tests.rs"]
mod tests;
