use super::*;
use crate::catalogue_default::default_catalogue;
use crate::entry::{Level, Person};
use crate::lang::Lang;
use crate::test_support::sample_entry;

fn today() -> LocalDate {
    "2026-11-29".parse().unwrap()
}

fn check(e: &Entry) -> Result<(), Vec<ValidationError>> {
    validate_entry(e, &default_catalogue(), today(), true)
}

#[test]
fn a_plain_entry_is_valid() {
    for n in 0..8 {
        assert_eq!(check(&sample_entry(n)), Ok(()), "sample {n}");
    }
}

#[test]
fn reports_every_failure_with_its_field() {
    let cat = default_catalogue();
    let mut e = sample_entry(0); // a lecture
    e.title = "  ".into();
    e.counts.insert("participants".into(), 100_001);
    e.place = "村".repeat(MAX_PLACE_CHARS + 1);
    let errors = check(&e).unwrap_err();
    let fields: Vec<Field> = errors.iter().map(ValidationError::field).collect();
    assert_eq!(fields, vec![Field::Title, Field::Place, Field::Counts]);
    assert_eq!(errors[0].message(Lang::Zh, &cat, &e.kind), "请填写名称");
    assert_eq!(errors[2].count_key(), Some("participants"));
    assert_eq!(
        errors[2].message(Lang::Zh, &cat, &e.kind),
        "参与人数不能超过100000，请检查是否多输了一位"
    );
    assert_eq!(
        errors[2].message(Lang::En, &cat, &e.kind),
        "Participants must be at most 100000; check for an extra digit"
    );
}

#[test]
fn counts_follow_the_kind() {
    let cat = default_catalogue();
    let mut e = sample_entry(0);
    e.counts.remove("sessions");
    e.counts.insert("funds_fen".into(), 5);
    let errors = check(&e).unwrap_err();
    assert_eq!(
        errors,
        vec![
            ValidationError::MissingCount {
                key: "sessions".into()
            },
            ValidationError::UnexpectedCount {
                key: "funds_fen".into()
            }
        ]
    );
    assert_eq!(errors[0].message(Lang::Zh, &cat, &e.kind), "请填写场次");
    // Money limits are shown in yuan, as typed.
    e.kind = "donation".into();
    e.counts = [("funds_fen".to_owned(), crate::catalogue::MAX_MONEY_FEN + 1)].into();
    let errors = check(&e).unwrap_err();
    assert_eq!(
        errors[0].message(Lang::Zh, &cat, &e.kind),
        "金额不能超过100000000元，请检查是否多输了一位"
    );
    e.kind = "no_such".into();
    let errors = check(&e).unwrap_err();
    assert_eq!(errors[0].field(), Field::Kind);
}

#[test]
fn dates_get_one_day_of_grace_and_spans_are_checked() {
    let mut e = sample_entry(1);
    e.date = today().add_days(1);
    assert_eq!(check(&e), Ok(()));
    e.date = today().add_days(2);
    assert_eq!(
        check(&e),
        Err(vec![ValidationError::FutureDate { field: Field::Date }])
    );
    e.date = "1999-12-31".parse().unwrap();
    assert_eq!(check(&e), Err(vec![ValidationError::TooOld]));
    e.date = "2023-03-01".parse().unwrap();
    e.end_date = Some("2023-03-03".parse().unwrap());
    assert_eq!(check(&e), Ok(()));
    e.end_date = Some("2023-02-28".parse().unwrap());
    assert_eq!(check(&e), Err(vec![ValidationError::EndBeforeStart]));
    e.end_date = Some("2024-03-01".parse().unwrap());
    assert_eq!(
        check(&e),
        Err(vec![ValidationError::SpanTooLong { max: MAX_SPAN_DAYS }])
    );
}

#[test]
fn lengths_count_characters_not_bytes() {
    let mut e = sample_entry(1);
    e.title = "宣".repeat(MAX_TITLE_CHARS);
    assert_eq!(check(&e), Ok(()));
    e.note = "好\n".repeat(MAX_NOTE_CHARS / 2);
    assert_eq!(check(&e), Ok(()));
    e.title.push('宣');
    assert!(check(&e).is_err());
}

#[test]
fn partners_are_short_names() {
    let mut e = sample_entry(2);
    e.partners = vec!["民政办".into(), "扶贫办".into()];
    assert_eq!(check(&e), Ok(()));
    e.partners.push(" ".into());
    assert_eq!(
        check(&e),
        Err(vec![ValidationError::Required {
            field: Field::Partners
        }])
    );
    e.partners = vec!["办".into(); MAX_PARTNERS + 1];
    assert_eq!(
        check(&e),
        Err(vec![ValidationError::TooMany {
            field: Field::Partners,
            max: MAX_PARTNERS
        }])
    );
}

#[test]
fn people_kinds_need_a_person_and_activities_none() {
    let mut e = sample_entry(1);
    e.counts.clear();
    e.kind = "committee_change".into();
    assert_eq!(
        check(&e),
        Err(vec![ValidationError::Required {
            field: Field::Person
        }])
    );
    e.person = Some(Person {
        name: "王秀英".into(),
        change: Some(MemberChange::Replaced),
        ..Person::default()
    });
    assert_eq!(check(&e), Err(vec![ValidationError::ReplacesRequired]));
    e.person.as_mut().unwrap().replaces = "李红".into();
    e.person.as_mut().unwrap().reason = "不能正常履职".into();
    assert_eq!(check(&e), Ok(()));
    e.person.as_mut().unwrap().change = None;
    assert_eq!(check(&e), Err(vec![ValidationError::ChangeRequired]));

    e.kind = "honour_family".into();
    e.level = Level::City;
    e.person = Some(Person {
        name: "张家".into(),
        ..Person::default()
    });
    assert_eq!(check(&e), Ok(()));

    let mut lecture = sample_entry(0);
    lecture.person = e.person.clone();
    assert_eq!(
        check(&lecture),
        Err(vec![ValidationError::UnexpectedPerson])
    );
}

#[test]
fn control_characters_are_refused_but_markup_is_just_text() {
    let mut e = sample_entry(1);
    e.title = "<script>alert(1)</script>'; DROP TABLE entries; --".into();
    assert_eq!(check(&e), Ok(()));
    e.place = "村\u{0}".into();
    assert_eq!(
        check(&e),
        Err(vec![ValidationError::ControlChars {
            field: Field::Place
        }])
    );
}

#[test]
fn bidi_controls_and_blank_zero_width_text_are_refused() {
    let mut e = sample_entry(1);
    e.title = "\u{202E}txt.exe".into();
    e.person = None;
    assert_eq!(
        check(&e),
        Err(vec![ValidationError::ControlChars {
            field: Field::Title
        }])
    );
    e.title = "\u{200B}\u{FEFF} ".into();
    assert_eq!(
        check(&e),
        Err(vec![ValidationError::Required {
            field: Field::Title
        }])
    );
    e.title = "宣讲".into();
    e.note = "第一行\n\u{2066}第二行".into();
    assert_eq!(
        check(&e),
        Err(vec![ValidationError::ControlChars { field: Field::Note }])
    );
}

#[test]
fn device_clock_times_are_bounded() {
    let mut e = sample_entry(1);
    for (created, updated, ok) in [
        (EARLIEST_CLOCK_MS, EARLIEST_CLOCK_MS, true),
        (LATEST_CLOCK_MS - 1, LATEST_CLOCK_MS - 1, true),
        (-1, e.updated_ms, false),
        (e.created_ms, i64::MAX, false),
        (EARLIEST_CLOCK_MS - 1, e.updated_ms, false),
        (e.created_ms, LATEST_CLOCK_MS, false),
    ] {
        e.created_ms = created;
        e.updated_ms = updated;
        let want = if ok {
            Ok(())
        } else {
            Err(vec![ValidationError::ClockOutOfRange])
        };
        assert_eq!(check(&e), want, "{created} {updated}");
    }
}

#[test]
fn every_error_has_a_message_in_both_languages() {
    let cat = default_catalogue();
    let all = [
        ValidationError::Required {
            field: Field::Title,
        },
        ValidationError::TooLong {
            field: Field::Note,
            max: 2,
        },
        ValidationError::TooMany {
            field: Field::Partners,
            max: 2,
        },
        ValidationError::ControlChars {
            field: Field::Place,
        },
        ValidationError::FutureDate { field: Field::Date },
        ValidationError::TooOld,
        ValidationError::ClockOutOfRange,
        ValidationError::EndBeforeStart,
        ValidationError::SpanTooLong { max: 366 },
        ValidationError::UnknownKind { kind: "x".into() },
        ValidationError::RetiredKind {
            kind: "lecture".into(),
        },
        ValidationError::MissingCount {
            key: "sessions".into(),
        },
        ValidationError::UnexpectedCount {
            key: "households".into(),
        },
        ValidationError::CountTooLarge {
            key: "sessions".into(),
            max: 10_000,
        },
        ValidationError::UnexpectedPerson,
        ValidationError::ChangeRequired,
        ValidationError::ReplacesRequired,
    ];
    for e in all {
        let zh = e.message(Lang::Zh, &cat, "lecture");
        let en = e.message(Lang::En, &cat, "lecture");
        assert!(zh.chars().any(|c| c > '\u{2e80}'), "{zh}");
        assert!(en.is_ascii() || en.contains('“'), "{en}");
        assert_ne!(zh, en);
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(serde_json::from_str::<ValidationError>(&json).unwrap(), e);
    }
}

#[test]
fn errors_travel_as_json() {
    let err = ValidationError::TooLong {
        field: Field::Note,
        max: 2000,
    };
    let json = serde_json::to_string(&err).unwrap();
    assert_eq!(json, r#"{"rule":"too_long","field":"note","max":2000}"#);
}

/// An entry stored before the bidi rule existed: a right-to-left override in
/// its title.
fn stored_before_the_rule() -> Entry {
    let mut e = sample_entry(1);
    e.title = "\u{202E}学习二十大巾帼宣讲".into();
    e
}

#[test]
fn an_edit_is_judged_by_text_rules_only_where_it_changes() {
    let before = stored_before_the_rule();
    assert!(check(&before).is_err(), "today's rules refuse it whole");
    let edit = |f: &dyn Fn(&mut Entry)| {
        let mut after = before.clone();
        f(&mut after);
        validate_edit(&before, &after, &default_catalogue(), today())
    };
    // Its counts, note, level, date can be corrected…
    assert_eq!(
        edit(&|e| *e.counts.get_mut("sessions").unwrap() += 1),
        Ok(())
    );
    assert_eq!(edit(&|e| e.note = "补充说明".into()), Ok(()));
    assert_eq!(edit(&|e| e.end_date = Some(e.date.add_days(1))), Ok(()));
    // …the old text can be repaired…
    assert_eq!(edit(&|e| e.title = "学习二十大巾帼宣讲".into()), Ok(()));
    // …but no edit brings such text in, nor leaves a changed field blank.
    assert_eq!(
        edit(&|e| e.title = "\u{2066}宣讲".into()),
        Err(vec![ValidationError::ControlChars {
            field: Field::Title
        }])
    );
    assert_eq!(
        edit(&|e| e.note = "\u{202E}".into()),
        Err(vec![ValidationError::ControlChars { field: Field::Note }])
    );
    assert_eq!(
        edit(&|e| e.title = "\u{200B}".into()),
        Err(vec![ValidationError::Required {
            field: Field::Title
        }])
    );
}

#[test]
fn an_edit_still_meets_the_rules_across_fields_on_the_whole_entry() {
    let before = stored_before_the_rule();
    let edit = |f: &dyn Fn(&mut Entry)| {
        let mut after = before.clone();
        f(&mut after);
        validate_edit(&before, &after, &default_catalogue(), today())
    };
    assert_eq!(
        edit(&|e| e.end_date = Some(e.date.add_days(-1))),
        Err(vec![ValidationError::EndBeforeStart])
    );
    assert_eq!(
        edit(&|e| {
            e.counts.remove("sessions");
        }),
        Err(vec![ValidationError::MissingCount {
            key: "sessions".into()
        }])
    );
    assert_eq!(
        edit(&|e| e.updated_ms = LATEST_CLOCK_MS),
        Err(vec![ValidationError::ClockOutOfRange])
    );
    // The person is judged with the kind: a new kind brings its person's
    // text back under the rules even though the name was typed long ago.
    let mut honour = sample_entry(1);
    honour.kind = "honour_family".into();
    honour.counts.clear();
    honour.person = Some(Person {
        name: "张\u{202E}家".into(),
        ..Person::default()
    });
    let mut lifted = honour.clone();
    lifted.level = Level::City;
    assert_eq!(
        validate_edit(&honour, &lifted, &default_catalogue(), today()),
        Ok(())
    );
    let mut moved = honour.clone();
    moved.kind = "honour_healthy".into();
    assert_eq!(
        validate_edit(&honour, &moved, &default_catalogue(), today()),
        Err(vec![ValidationError::ControlChars {
            field: Field::Person
        }])
    );
}
