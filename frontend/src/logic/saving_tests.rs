//! Native tests of saving the entry form.

use super::*;
use shared::catalogue_default::default_catalogue;
use shared::device::{DeviceStore, KvError, MemoryKv, StoreError};
use shared::validate::{Field, ValidationError};

const ORG: Uuid = Uuid::from_u128(7);

fn today() -> LocalDate {
    LocalDate::new(2026, 11, 29).unwrap()
}

fn filled() -> FormInput {
    FormInput {
        org: ORG.to_string(),
        kind: "lecture".into(),
        title: "学习二十大巾帼宣讲".into(),
        date: "2026-11-28".into(),
        place: " 河湾社区 ".into(),
        level: "village".into(),
        counts: [
            ("sessions".to_owned(), "1".to_owned()),
            ("participants".to_owned(), "80".to_owned()),
        ]
        .into(),
        ..FormInput::default()
    }
}

fn anywhere(_: &Uuid) -> Result<(), Denied> {
    Ok(())
}

fn attempt<'a, F>(
    base: Option<&'a Entry>,
    catalogue: &'a Catalogue,
    may_record: F,
) -> Attempt<'a, F> {
    Attempt {
        base,
        new_id: Uuid::from_u128(1),
        now_ms: 1_000,
        today: today(),
        catalogue,
        may_record,
    }
}

#[test]
fn a_new_entry_lands_in_the_store_and_says_what_to_remember() {
    let catalogue = default_catalogue();
    let mut store = DeviceStore::open(MemoryKv::default(), "t", || Uuid::from_u128(9)).unwrap();
    let outcome = save(
        &filled(),
        attempt(None, &catalogue, anywhere),
        |entry, new| {
            assert!(new);
            store.add(entry, &catalogue, today())
        },
    );
    assert_eq!(
        outcome,
        Outcome::Stored(Stored {
            new: true,
            kind: "lecture".into(),
            shape: Shape::Activity,
            org: ORG,
            place: "河湾社区".into(),
            level: "village".into(),
        })
    );
    assert_eq!(store.pending_count(), 1);
    assert!(store.get(&Uuid::from_u128(1)).is_some());
}

#[test]
fn an_edit_keeps_its_id_and_is_stored_as_an_edit() {
    let catalogue = default_catalogue();
    let base = filled()
        .to_entry(None, Uuid::from_u128(5), 1, today(), &catalogue, |_| Ok(()))
        .unwrap();
    let mut seen = None;
    let outcome = save(
        &filled(),
        attempt(Some(&base), &catalogue, anywhere),
        |entry, new| {
            seen = Some((entry.id, new));
            Ok(())
        },
    );
    assert!(matches!(
        outcome,
        Outcome::Stored(Stored { new: false, .. })
    ));
    assert_eq!(seen, Some((Uuid::from_u128(5), false)));
}

#[test]
fn nothing_is_stored_while_a_field_is_wrong() {
    let catalogue = default_catalogue();
    let form = FormInput {
        date: String::new(),
        ..filled()
    };
    let outcome = save(&form, attempt(None, &catalogue, anywhere), |_, _| {
        panic!("stored an entry with a wrong field")
    });
    assert_eq!(
        outcome,
        Outcome::Problems(vec![FieldError::Rule(ValidationError::Required {
            field: Field::Date
        })])
    );
}

#[test]
fn the_organisation_must_be_one_the_account_may_record_for() {
    let catalogue = default_catalogue();
    let nowhere = |_: &Uuid| Err(Denied::UnknownOrganisation);
    let outcome = save(&filled(), attempt(None, &catalogue, nowhere), |_, _| {
        panic!("stored for an organisation the account may not record for")
    });
    assert_eq!(
        outcome,
        Outcome::Problems(vec![FieldError::Org(Denied::UnknownOrganisation)])
    );
}

#[test]
fn the_stores_rules_mark_fields_and_its_failures_do_not() {
    let catalogue = default_catalogue();
    let invalid = save(&filled(), attempt(None, &catalogue, anywhere), |_, _| {
        Err(AddError::Invalid(vec![ValidationError::Required {
            field: Field::Title,
        }]))
    });
    assert_eq!(
        invalid,
        Outcome::Problems(vec![FieldError::Rule(ValidationError::Required {
            field: Field::Title
        })])
    );
    let full = AddError::Store(StoreError::Kv(KvError::Full));
    let failed = save(&filled(), attempt(None, &catalogue, anywhere), |_, _| {
        Err(full.clone())
    });
    assert_eq!(failed, Outcome::Failed(full));
}
