//! Random ledgers for the report tests, from a seed: valid entries of every
//! kind of the default catalogue, in every demo organisation, over 2023 and
//! 2024, then edits that move them (counts, dates across months, kind, level,
//! organisation), deletes and undos — one script of numbered changes, pushed
//! through the real sync path.

use shared::catalogue::{Shape, Unit};
use shared::catalogue_default::default_catalogue;
use shared::entry::{EntryField, Level, MemberChange, Person};
use shared::fixtures::{demo_orgs, Rng};
use shared::sync::protocol::{Change, ChangeOp};
use shared::{Entry, LocalDate};
use uuid::Uuid;

fn day(rng: &mut Rng) -> LocalDate {
    let start = LocalDate::new(2023, 1, 1).unwrap().to_days();
    LocalDate::from_days(start + rng.below(731) as i64)
}

/// Counts and person fitting `kind` (zeros and absent optional counts too).
fn fill_kind(rng: &mut Rng, e: &mut Entry, kind: &str) {
    let catalogue = default_catalogue();
    let def = catalogue.kind(kind).unwrap();
    e.kind = kind.to_owned();
    e.counts.clear();
    for c in &def.counts {
        if !c.required && rng.below(4) == 0 {
            continue;
        }
        let v = match (c.unit, rng.below(8)) {
            (_, 0) => 0,
            (Unit::MoneyFen, _) => rng.below(2_000_000),
            (Unit::Attendances | Unit::People, _) => rng.below(300),
            _ => 1 + rng.below(4),
        };
        e.counts.insert(c.key.clone(), v);
    }
    e.person = match def.shape {
        Shape::Activity => None,
        Shape::Member => {
            let change = MemberChange::ALL[rng.index(3)];
            Some(Person {
                name: "王秀英".into(),
                change: Some(change),
                replaces: if change == MemberChange::Replaced {
                    "李红".into()
                } else {
                    String::new()
                },
                reason: "工作调整".into(),
            })
        }
        Shape::Honour { .. } => Some(Person {
            name: "张家".into(),
            ..Person::default()
        }),
    };
}

fn random_kind(rng: &mut Rng) -> String {
    let kinds: Vec<String> = default_catalogue()
        .kinds
        .into_iter()
        .filter(|k| !k.retired)
        .map(|k| k.code)
        .collect();
    kinds[rng.index(kinds.len())].clone()
}

fn random_org(rng: &mut Rng) -> Uuid {
    let orgs = demo_orgs();
    orgs[rng.index(orgs.len())].id
}

/// A valid new entry, its id made of the seed and `n`.
pub fn entry(rng: &mut Rng, seed: u64, n: u64) -> Entry {
    let mut e = Entry {
        id: Uuid::from_u64_pair(
            0x0190_0000_0000_7000 | (seed & 0xfff),
            0x8000_0000_0000_0000 | n,
        ),
        org_id: random_org(rng),
        kind: String::new(),
        title: format!("活动{n}"),
        date: day(rng),
        end_date: None,
        place: "村委会".into(),
        level: Level::ALL[rng.index(5)],
        partners: Vec::new(),
        counts: Default::default(),
        person: None,
        note: String::new(),
        deleted: false,
        created_ms: 1_700_000_000_000,
        updated_ms: 1_700_000_000_000,
        photos: Vec::new(),
    };
    let kind = random_kind(rng);
    fill_kind(rng, &mut e, &kind);
    e
}

/// `creates` new entries, then `edits` random edits of them (a tenth
/// deletes, some undone later), as changes numbered from 1.
pub fn script(seed: u64, creates: u64, edits: usize) -> Vec<Change> {
    let mut rng = Rng::new(seed);
    let mut held: Vec<Entry> = (1..=creates).map(|n| entry(&mut rng, seed, n)).collect();
    let mut changes: Vec<Change> = held
        .iter()
        .map(|e| ChangeOp::Create { entry: e.clone() })
        .zip(1..)
        .map(|(op, seq)| Change {
            seq,
            op,
            catalogue_version: None,
        })
        .collect();
    for _ in 0..edits {
        let i = rng.index(held.len());
        let e = &mut held[i];
        let fields = match rng.below(10) {
            0 | 1 => {
                let kind = e.kind.clone();
                fill_kind(&mut rng, e, &kind);
                vec![EntryField::Counts, EntryField::Person]
            }
            2 | 3 => {
                e.date = day(&mut rng);
                vec![EntryField::Date]
            }
            4 => {
                let kind = random_kind(&mut rng);
                fill_kind(&mut rng, e, &kind);
                vec![EntryField::Kind, EntryField::Counts, EntryField::Person]
            }
            5 => {
                e.level = Level::ALL[rng.index(5)];
                vec![EntryField::Level]
            }
            6 => {
                e.org_id = random_org(&mut rng);
                vec![EntryField::Org]
            }
            7 => {
                e.title = format!("{}（改）", e.title);
                vec![EntryField::Title]
            }
            _ => {
                e.deleted = !e.deleted;
                vec![EntryField::Deleted]
            }
        };
        e.updated_ms += 1;
        let seq = changes.len() as u64 + 1;
        changes.push(Change {
            seq,
            op: ChangeOp::Update {
                entry: e.clone(),
                fields,
                base_version: None,
            },
            catalogue_version: None,
        });
    }
    changes
}
