use super::*;
use crate::catalogue::Unit;
use crate::catalogue_default::default_catalogue;
use crate::date::LocalDate;
use crate::lang::Lang;
use crate::test_support::sample_entry;
use crate::validate::{validate_entry, ValidationError};

fn count(key: &str, unit: Unit, zh: &str, en: &str, required: bool) -> CountDef {
    CountDef {
        key: key.into(),
        unit,
        zh: zh.into(),
        en: en.into(),
        required,
    }
}

fn housekeeping() -> CatalogueOp {
    CatalogueOp::AddKind {
        code: "housekeeping_training".into(),
        line: "rural".into(),
        zh: "巾帼家政培训".into(),
        en: "Housekeeping training".into(),
        counts: vec![
            count("sessions", Unit::Sessions, "场次", "Sessions", true),
            count("trained", Unit::People, "培训人数", "People trained", false),
        ],
        sensitive: false,
    }
}

fn today() -> LocalDate {
    LocalDate::new(2026, 12, 6).unwrap()
}

#[test]
fn adding_a_kind_makes_the_next_version_and_leaves_the_base_alone() {
    let base = default_catalogue();
    let next = apply(&base, &[housekeeping()]).unwrap();
    assert_eq!(next.version, base.version + 1);
    let kind = next.kind("housekeeping_training").unwrap();
    assert_eq!(kind.line, "rural");
    assert_eq!(kind.counts.len(), 2);
    assert!(next
        .active_kinds("rural")
        .any(|k| k.code == "housekeeping_training"));
    assert!(base.kind("housekeeping_training").is_none());
    assert_eq!(next.check(), Ok(()));
}

#[test]
fn a_new_line_takes_kinds() {
    let base = default_catalogue();
    let ops = [
        CatalogueOp::AddLine {
            code: "digital".into(),
            zh: " 数字妇联 ".into(),
            en: "Digital".into(),
        },
        CatalogueOp::AddKind {
            code: "online_class".into(),
            line: "digital".into(),
            zh: "网上课堂".into(),
            en: "Online class".into(),
            counts: vec![count("sessions", Unit::Sessions, "场次", "Sessions", true)],
            sensitive: true,
        },
    ];
    let next = apply(&base, &ops).unwrap();
    assert_eq!(
        next.lines.last().unwrap().zh,
        "数字妇联",
        "names are trimmed"
    );
    assert!(next.is_sensitive("online_class"));
}

#[test]
fn renames_keep_codes_and_keys() {
    let base = default_catalogue();
    let next = apply(
        &base,
        &[
            CatalogueOp::RenameKind {
                kind: "lecture".into(),
                zh: "理论宣讲".into(),
                en: "Talks".into(),
            },
            CatalogueOp::RenameCount {
                kind: "lecture".into(),
                key: "participants".into(),
                zh: "听众人数".into(),
                en: "Audience".into(),
            },
        ],
    )
    .unwrap();
    let kind = next.kind("lecture").unwrap();
    assert_eq!(kind.name(Lang::Zh), "理论宣讲");
    let c = kind.count("participants").unwrap();
    assert_eq!((c.zh.as_str(), c.unit), ("听众人数", Unit::Attendances));
    // An entry made under the old names is still valid under the new ones.
    let entry = sample_entry(0);
    assert_eq!(entry.kind, "lecture");
    assert_eq!(validate_entry(&entry, &next, today(), true), Ok(()));
}

#[test]
fn retiring_keeps_the_kind_and_its_key_cannot_be_reused() {
    let base = default_catalogue();
    let v1 = apply(&base, &[housekeeping()]).unwrap();
    let v2 = apply(
        &v1,
        &[CatalogueOp::RetireKind {
            kind: "housekeeping_training".into(),
        }],
    )
    .unwrap();
    let kind = v2.kind("housekeeping_training").unwrap();
    assert!(kind.retired);
    assert!(!v2
        .active_kinds("rural")
        .any(|k| k.code == "housekeeping_training"));
    assert_eq!(
        apply(&v2, &[housekeeping()]),
        Err(EditError::RetiredKey {
            key: "housekeeping_training".into()
        })
    );
    assert_eq!(
        apply(&v1, &[housekeeping()]),
        Err(EditError::DuplicateKey {
            key: "housekeeping_training".into()
        })
    );
}

#[test]
fn bad_edits_are_typed_errors_with_messages_in_both_languages() {
    let base = default_catalogue();
    let renamed = |zh: &str, en: &str| CatalogueOp::RenameKind {
        kind: "lecture".into(),
        zh: zh.into(),
        en: en.into(),
    };
    let cases: Vec<(Vec<CatalogueOp>, EditError)> = vec![
        (vec![], EditError::NothingToSave),
        (vec![renamed("", "Talks")], EditError::EmptyName),
        (vec![renamed("\u{200b} ", "Talks")], EditError::EmptyName),
        (
            vec![renamed("讲\u{202e}座", "Talks")],
            EditError::ControlChars,
        ),
        (
            vec![renamed(&"长".repeat(41), "Talks")],
            EditError::NameTooLong { max: 40 },
        ),
        (
            vec![CatalogueOp::AddLine {
                code: "Bad Key".into(),
                zh: "x".into(),
                en: "x".into(),
            }],
            EditError::BadKey {
                key: "Bad Key".into(),
            },
        ),
        (
            vec![CatalogueOp::AddLine {
                code: "rural".into(),
                zh: "x".into(),
                en: "x".into(),
            }],
            EditError::DuplicateKey {
                key: "rural".into(),
            },
        ),
        (
            vec![CatalogueOp::AddCount {
                kind: "lecture".into(),
                count: count("sessions", Unit::Times, "次数", "Times", true),
            }],
            EditError::DuplicateKey {
                key: "sessions".into(),
            },
        ),
        (
            vec![CatalogueOp::AddCount {
                kind: "committee_change".into(),
                count: count("hours", Unit::Times, "时长", "Hours", false),
            }],
            EditError::NotAnActivity {
                kind: "committee_change".into(),
            },
        ),
        (
            vec![CatalogueOp::RetireKind {
                kind: "nothing".into(),
            }],
            EditError::UnknownKind {
                kind: "nothing".into(),
            },
        ),
        (
            vec![CatalogueOp::RewordPhrase {
                kind: "lecture".into(),
                phrase: Phrase {
                    zh: Some("开展宣讲{sessoins}".into()),
                    en: None,
                },
            }],
            EditError::UnknownPlaceholder {
                name: "sessoins".into(),
            },
        ),
    ];
    for (ops, expected) in cases {
        let got = apply(&base, &ops);
        assert_eq!(got, Err(expected.clone()), "{ops:?}");
        let zh = expected.message(Lang::Zh);
        let en = expected.message(Lang::En);
        assert!(zh.chars().any(|c| c > '\u{2e80}'), "Chinese: {zh}");
        assert!(en.is_ascii() || en.contains('"'), "English: {en}");
        assert_ne!(zh, en);
    }
}

#[test]
fn a_failed_operation_leaves_nothing_half_applied() {
    let base = default_catalogue();
    let ops = [
        housekeeping(),
        CatalogueOp::RetireKind {
            kind: "nothing".into(),
        },
    ];
    assert!(apply(&base, &ops).is_err());
    assert!(base.kind("housekeeping_training").is_none());
}

#[test]
fn a_successor_keeps_every_kind_count_and_unit() {
    let base = default_catalogue();
    let mut next = base.clone();
    next.version += 1;
    assert_eq!(check_successor(&base, &next), Ok(()));

    let mut unit = next.clone();
    let lecture = unit.kinds.iter_mut().find(|k| k.code == "lecture").unwrap();
    lecture.counts[0].unit = Unit::Times;
    assert!(matches!(
        check_successor(&base, &unit),
        Err(EditError::UnitChanged { ref key, unit: Unit::Sessions }) if key == "sessions"
    ));

    let mut removed = next.clone();
    removed.kinds.retain(|k| k.code != "visit");
    assert_eq!(
        check_successor(&base, &removed),
        Err(EditError::Removed {
            key: "visit".into()
        })
    );

    let mut skipped = next.clone();
    skipped.version += 1;
    assert_eq!(
        check_successor(&base, &skipped),
        Err(EditError::NotNextVersion)
    );
}

#[test]
fn a_reworded_summary_sentence_reads_in_the_summary() {
    let base = default_catalogue();
    let next = apply(
        &base,
        &[CatalogueOp::RewordPhrase {
            kind: "lecture".into(),
            phrase: Phrase {
                zh: Some("深入村居宣讲{sessions}，覆盖群众{participants}".into()),
                en: Some(" ".into()),
            },
        }],
    )
    .unwrap();
    let phrase = &next.kind("lecture").unwrap().phrase;
    assert_eq!(
        phrase.zh.as_deref(),
        Some("深入村居宣讲{sessions}，覆盖群众{participants}")
    );
    assert_eq!(phrase.en, None, "a blank template falls back to the list");
}

/// An entry is judged under the version it was made with: a count that
/// became required later does not refuse it, while a new entry under the
/// newer version must give it.
#[test]
fn an_entry_is_valid_under_its_own_version_only_where_the_rule_was_known() {
    let base = default_catalogue();
    let next = apply(
        &base,
        &[CatalogueOp::AddCount {
            kind: "lecture".into(),
            count: count("venues", Unit::Organisations, "阵地数", "Venues", true),
        }],
    )
    .unwrap();
    let entry = sample_entry(0);
    assert_eq!(validate_entry(&entry, &base, today(), true), Ok(()));
    assert_eq!(
        validate_entry(&entry, &next, today(), true),
        Err(vec![ValidationError::MissingCount {
            key: "venues".into()
        }])
    );
}

#[test]
fn an_edit_travels_as_tagged_json() {
    let edit = CatalogueEdit {
        base_version: 3,
        ops: vec![CatalogueOp::RetireKind {
            kind: "other".into(),
        }],
    };
    let json = serde_json::to_string(&edit).unwrap();
    assert_eq!(
        json,
        r#"{"base_version":3,"ops":[{"retire_kind":{"kind":"other"}}]}"#
    );
    assert_eq!(serde_json::from_str::<CatalogueEdit>(&json).unwrap(), edit);
}
