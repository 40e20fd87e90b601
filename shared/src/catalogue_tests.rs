use super::*;
use crate::catalogue_default::default_catalogue;
use crate::validate::check_counts;
use crate::validate::ValidationError;
use proptest::prelude::*;
use std::collections::BTreeMap;

#[test]
fn the_default_has_nine_lines_each_with_kinds() {
    let c = default_catalogue();
    assert_eq!(c.check(), Ok(()));
    assert_eq!(c.lines.len(), 9);
    for line in &c.lines {
        assert!(
            c.active_kinds(&line.code).count() > 0,
            "{} has kinds",
            line.code
        );
    }
    // Every kind the app offered before the catalogue keeps its code.
    for old in [
        "lecture",
        "family_education",
        "visit",
        "skills_training",
        "legal_awareness",
        "volunteer_service",
        "meeting",
        "high_risk_screening",
        "other",
    ] {
        assert!(c.kind(old).is_some(), "{old} kept");
    }
    assert!(c.is_sensitive("high_risk_screening"));
    assert!(!c.is_sensitive("lecture"));
    // Rosters and honours are kinds too, each naming a person.
    assert_eq!(
        c.kind("committee_change").map(|k| k.shape),
        Some(Shape::Member)
    );
    assert_eq!(
        c.kind("honour_inlaw").map(|k| k.shape),
        Some(Shape::Honour { unit: Unit::People })
    );
}

#[test]
fn counts_are_checked_against_their_kind() {
    let c = default_catalogue();
    let counts = |pairs: &[(&str, u64)]| pairs.iter().map(|&(k, v)| (k.to_owned(), v)).collect();
    assert_eq!(
        check_counts(
            &c,
            "lecture",
            &counts(&[("sessions", 80), ("participants", 4000)]),
            true
        ),
        vec![]
    );
    assert_eq!(
        check_counts(&c, "lecture", &counts(&[("participants", 4000)]), true),
        vec![ValidationError::MissingCount {
            key: "sessions".into()
        }]
    );
    assert_eq!(
        check_counts(
            &c,
            "lecture",
            &counts(&[("sessions", 1), ("households", 3)]),
            true
        ),
        vec![ValidationError::UnexpectedCount {
            key: "households".into()
        }]
    );
    // 1.5万元 is 1,500,000 fen; a hundred million yuan is the ceiling.
    assert_eq!(
        check_counts(&c, "donation", &counts(&[("funds_fen", 1_500_000)]), true),
        vec![]
    );
    assert_eq!(
        check_counts(
            &c,
            "donation",
            &counts(&[("funds_fen", MAX_MONEY_FEN + 1)]),
            true
        ),
        vec![ValidationError::CountTooLarge {
            key: "funds_fen".into(),
            max: MAX_MONEY_FEN
        }]
    );
    assert_eq!(
        check_counts(&c, "no_such_kind", &counts(&[]), true),
        vec![ValidationError::UnknownKind {
            kind: "no_such_kind".into()
        }]
    );
}

#[test]
fn retired_kinds_stay_readable_but_take_no_new_entries() {
    let mut c = default_catalogue();
    c.kinds
        .iter_mut()
        .find(|k| k.code == "clean_village")
        .unwrap()
        .retired = true;
    let counts: BTreeMap<String, u64> = [("sessions".to_owned(), 1)].into();
    assert_eq!(
        check_counts(&c, "clean_village", &counts, true),
        vec![ValidationError::RetiredKind {
            kind: "clean_village".into()
        }]
    );
    assert_eq!(check_counts(&c, "clean_village", &counts, false), vec![]);
    assert!(c
        .active_kinds("civility")
        .all(|k| k.code != "clean_village"));
}

#[test]
fn an_inconsistent_catalogue_is_refused() {
    let mut c = default_catalogue();
    c.kinds[0].line = "nowhere".into();
    assert!(matches!(c.check(), Err(CatalogueError::Inconsistent(_))));
    let mut c = default_catalogue();
    let dup = c.kinds[0].clone();
    c.kinds.push(dup);
    assert!(matches!(c.check(), Err(CatalogueError::Inconsistent(_))));
}

#[test]
fn measure_words() {
    assert_eq!(Unit::Attendances.measure_word(Lang::Zh), "人次");
    assert_eq!(Unit::Households.measure_word(Lang::Zh), "户");
    assert_eq!(Unit::MoneyFen.measure_word(Lang::Zh), "元");
}

proptest! {
    /// The catalogue travels to devices as JSON and comes back unchanged,
    /// whatever an office has edited into it.
    #[test]
    fn round_trips_through_json(version in any::<u32>(), retire in proptest::collection::vec(any::<bool>(), 24), name in "\\PC{1,20}") {
        let mut c = default_catalogue();
        c.version = version;
        for (k, r) in c.kinds.iter_mut().zip(retire) { k.retired = r; }
        c.kinds[0].zh = name;
        let json = serde_json::to_string(&c).unwrap();
        prop_assert_eq!(serde_json::from_str::<Catalogue>(&json).unwrap(), c);
    }
}
