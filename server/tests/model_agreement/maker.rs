//! The phones' side of the model agreement test: a small deterministic
//! generator and the random changes it makes, knowing what the server holds
//! (from the model), so that edits, deletes and settlements name real
//! entries and conflicts, from current or stale versions.

use shared::entry::EntryField;
use shared::fixtures::{sample_entry, Rng};
use shared::sync::merge::HeldEntry;
use shared::sync::model::ServerModel;
use shared::sync::protocol::{Change, ChangeOp, ConflictKey};
use shared::LocalDate;
use uuid::Uuid;

/// Values edits choose from: few, so that equal values (no conflict) happen too.
const TITLES: [&str; 3] = ["巾帼宣讲", "家庭教育讲座", "走访慰问"];
const PLACES: [&str; 3] = ["河湾社区", "小井村", ""];
const NOTES: [&str; 3] = ["", "带了宣传册", "下次再去"];

/// Makes the phones' changes.
pub struct Maker {
    pub rng: Rng,
    today: LocalDate,
    created: u32,
}

impl Maker {
    pub fn new(seed: u64, today: LocalDate) -> Self {
        Maker {
            rng: Rng::new(seed),
            today,
            created: 0,
        }
    }

    /// A random entry the server holds (per the model), if any.
    fn some_held(&mut self, model: &ServerModel) -> Option<HeldEntry> {
        let n = model.entries.len() as u64;
        if n == 0 {
            return None;
        }
        let i = self.rng.below(n) as usize;
        model.entries.values().nth(i).cloned()
    }

    /// The version an edit of `held` says it was made from.
    fn base_for(&mut self, held: &HeldEntry) -> Option<u64> {
        let (created, version) = (held.created.change_no, held.version);
        match self.rng.below(10) {
            0..=4 => Some(version),
            5..=7 => Some(created + self.rng.below(version - created + 1)),
            8 => None,
            _ => Some(self.rng.below(created + 1)),
        }
    }

    /// The change number `seq` of phone `phone`, made knowing what `model` holds.
    pub fn change(&mut self, model: &ServerModel, phone: usize, seq: u64) -> Change {
        let roll = self.rng.below(20);
        let held = self.some_held(model);
        let op = match (roll, held) {
            (0..=4, _) | (_, None) => {
                self.created += 1;
                ChangeOp::Create {
                    entry: sample_entry(self.created + 1000 * phone as u32),
                }
            }
            (5, Some(held)) => {
                // A create of an id already held: the same content or other.
                let mut entry = held.entry.clone();
                if self.rng.chance(50) {
                    entry.note.push('!');
                }
                ChangeOp::Create { entry }
            }
            (6..=14, Some(held)) => self.content_edit(&held),
            (15..=16, Some(held)) => {
                let mut entry = held.entry.clone();
                entry.deleted = !entry.deleted;
                entry.updated_ms += 1;
                let mut fields = vec![EntryField::Deleted];
                if self.rng.chance(30) {
                    entry.note = format!("删前备注 {seq}");
                    fields.push(EntryField::Note);
                }
                ChangeOp::Update {
                    entry,
                    fields,
                    base_version: self.base_for(&held),
                }
            }
            (17..=18, Some(held)) => self.resolve(model, &held),
            (_, Some(_)) => {
                // An edit of an entry nobody holds.
                let mut entry = sample_entry(900_000 + self.rng.below(1000) as u32);
                entry.title = "无此记录".into();
                ChangeOp::Update {
                    entry,
                    fields: vec![EntryField::Title],
                    base_version: Some(self.rng.below(5)),
                }
            }
        };
        Change {
            seq,
            op,
            catalogue_version: None,
        }
    }

    /// An edit of one to three of title, place and note (now and then an
    /// invalid one, or a field named twice).
    fn content_edit(&mut self, held: &HeldEntry) -> ChangeOp {
        let mut entry = held.entry.clone();
        entry.updated_ms += 1 + self.rng.below(1000) as i64;
        let mut fields = Vec::new();
        for field in [EntryField::Title, EntryField::Place, EntryField::Note] {
            if fields.is_empty() || self.rng.chance(35) {
                fields.push(field);
            }
        }
        let start = self.rng.below(fields.len() as u64) as usize;
        fields.rotate_left(start);
        fields.truncate(1 + self.rng.below(fields.len() as u64) as usize);
        for &field in &fields {
            match field {
                EntryField::Title => entry.title = self.rng.pick(&TITLES).into(),
                EntryField::Place => entry.place = self.rng.pick(&PLACES).into(),
                _ => entry.note = self.rng.pick(&NOTES).into(),
            }
        }
        match self.rng.below(25) {
            0 => entry.title.clear(),
            1 => {
                entry.date = self.today.add_days(400);
                fields.push(EntryField::Date);
            }
            2 => fields.push(fields[0]),
            _ => {}
        }
        ChangeOp::Update {
            entry,
            fields,
            base_version: self.base_for(held),
        }
    }

    /// A settlement of an existing conflict (sometimes named with the wrong
    /// entry, or one the server never made).
    fn resolve(&mut self, model: &ServerModel, held: &HeldEntry) -> ChangeOp {
        let keys: Vec<(ConflictKey, Uuid)> = model
            .conflicts
            .values()
            .map(|r| (r.key, r.conflict.entry_id))
            .collect();
        if keys.is_empty() || self.rng.chance(15) {
            let key = ConflictKey {
                change_no: model.latest() + 5,
                field: EntryField::Title,
            };
            return ChangeOp::Resolve {
                entry_id: held.entry.id,
                conflict: key,
            };
        }
        let (conflict, entry_id) = self.rng.pick(&keys);
        let entry_id = if self.rng.chance(10) {
            held.entry.id
        } else {
            entry_id
        };
        ChangeOp::Resolve { entry_id, conflict }
    }
}
