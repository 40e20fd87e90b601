use super::*;
use shared::catalogue_default::default_catalogue;

fn today() -> LocalDate {
    LocalDate::new(2026, 11, 29).unwrap()
}

const ORG: Uuid = Uuid::from_u128(7);

fn anywhere(_: &Uuid) -> Result<(), Denied> {
    Ok(())
}

fn filled() -> FormInput {
    FormInput {
        org: ORG.to_string(),
        kind: "lecture".into(),
        title: " 学习二十大巾帼宣讲 ".into(),
        date: "2026-11-28".into(),
        place: "河湾社区".into(),
        level: "village".into(),
        partners: "民政办、 扶贫办,".into(),
        counts: [
            ("sessions".to_owned(), "1".to_owned()),
            ("participants".to_owned(), "８０".to_owned()),
        ]
        .into(),
        ..FormInput::default()
    }
}

fn make(input: &FormInput) -> Result<Entry, Vec<FieldError>> {
    input.to_entry(
        None,
        Uuid::nil(),
        7,
        today(),
        &default_catalogue(),
        anywhere,
    )
}

#[test]
fn a_filled_form_makes_an_entry() {
    let entry = make(&filled()).unwrap();
    assert_eq!(entry.org_id, ORG);
    assert_eq!(entry.title, "学习二十大巾帼宣讲");
    assert_eq!(entry.count("participants"), 80);
    assert_eq!(entry.partners, vec!["民政办", "扶贫办"]);
    assert_eq!((entry.created_ms, entry.updated_ms), (7, 7));
    assert_eq!(entry.person, None);
    // And the form shows it again as it was typed (normalised).
    let again = FormInput::from_entry(&entry, &default_catalogue());
    assert_eq!(make(&again).unwrap(), entry);
}

#[test]
fn counts_and_money() {
    assert_eq!(parse_count(""), Some(0));
    assert_eq!(parse_count(" 12 "), Some(12));
    assert_eq!(parse_count("80人"), None);
    assert_eq!(parse_count("-1"), None);
    assert_eq!(parse_count("99999999999999999999999"), Some(u64::MAX));
    // Money as typed: shared::money::Fen (tested there).
}

#[test]
fn every_problem_is_reported_once_in_field_order() {
    let mut input = filled();
    input.counts.insert("participants".into(), "八十".into());
    input.counts.insert("sessions".into(), "99999999999".into());
    input.title = String::new();
    input.date = "2026-13-01".into();
    let errors = input
        .to_entry(None, Uuid::nil(), 0, today(), &default_catalogue(), |_| {
            Err(Denied::OutOfScope)
        })
        .unwrap_err();
    let fields: Vec<Field> = errors.iter().map(FieldError::field).collect();
    assert_eq!(
        fields,
        vec![
            Field::Org,
            Field::Title,
            Field::Date,
            Field::Counts,
            Field::Counts
        ]
    );
    assert_eq!(errors[0], FieldError::Org(Denied::OutOfScope));
    let keys: Vec<Option<&str>> = errors.iter().map(FieldError::count_key).collect();
    assert!(keys.contains(&Some("participants")));
    assert!(keys.contains(&Some("sessions")));
}

#[test]
fn only_the_kinds_counts_are_taken() {
    let mut input = filled();
    input.kind = "donation".into();
    input.counts.insert("funds_fen".into(), "1.5万".into());
    let entry = make(&input).unwrap();
    assert_eq!(entry.counts, [("funds_fen".to_owned(), 1_500_000)].into());
}

#[test]
fn people_kinds_take_a_person_and_no_partners() {
    let mut input = filled();
    input.kind = "committee_change".into();
    input.person = " 王秀英 ".into();
    input.change = "replaced".into();
    input.replaces = "李红".into();
    input.reason = "不能正常履职".into();
    let entry = make(&input).unwrap();
    let p = entry.person.unwrap();
    assert_eq!(p.name, "王秀英");
    assert_eq!(p.change, Some(MemberChange::Replaced));
    assert_eq!(p.replaces, "李红");
    assert!(entry.partners.is_empty());
    assert!(entry.counts.is_empty());
    input.change = "joined".into();
    let p = make(&input).unwrap().person.unwrap();
    assert_eq!(p.replaces, "", "only a replacement names who left");
}

#[test]
fn an_edit_keeps_id_creation_time_and_photos() {
    let mut base = make(&filled()).unwrap();
    base.photos = vec![shared::photo::PhotoRef {
        sha256: "ab".repeat(32),
        bytes: 230_000,
        width: 1600,
        height: 1200,
        thumb_sha256: "cd".repeat(32),
        thumb_bytes: 14_000,
        caption: "宣讲现场".into(),
    }];
    let mut input = FormInput::from_entry(&base, &default_catalogue());
    input.title = "改过".into();
    let edited = input
        .to_entry(
            Some(&base),
            Uuid::from_u128(99),
            50,
            today(),
            &default_catalogue(),
            anywhere,
        )
        .unwrap();
    assert_eq!(edited.id, base.id);
    assert_eq!(edited.created_ms, base.created_ms);
    assert_eq!(edited.updated_ms, 50);
    assert_eq!(base.changed_fields(&edited), vec![Field::Title]);
}

#[test]
fn photos_are_taken_in_the_forms_order_with_trimmed_captions() {
    let photo = |n: u8, caption: &str| shared::photo::PhotoRef {
        sha256: format!("{n:02x}").repeat(32),
        bytes: 230_000,
        width: 1200,
        height: 1600,
        thumb_sha256: format!("{:02x}", n + 100).repeat(32),
        thumb_bytes: 14_000,
        caption: caption.into(),
    };
    let mut input = filled();
    input.photos = vec![photo(2, " 入户走访 "), photo(1, "")];
    let entry = make(&input).unwrap();
    assert_eq!(entry.photos, vec![photo(2, "入户走访"), photo(1, "")]);
    // Removing one on the form removes it from the entry.
    let mut again = FormInput::from_entry(&entry, &default_catalogue());
    again.photos.remove(0);
    let edited = again
        .to_entry(
            Some(&entry),
            Uuid::from_u128(99),
            60,
            today(),
            &default_catalogue(),
            anywhere,
        )
        .unwrap();
    assert_eq!(edited.photos, vec![photo(1, "")]);
    // Ten are refused, beside the photos.
    input.photos = (0..10).map(|n| photo(n, "")).collect();
    assert!(make(&input)
        .unwrap_err()
        .iter()
        .any(|e| e.field() == shared::validate::Field::Photos));
}

#[test]
fn an_organisation_is_required() {
    let mut input = filled();
    input.org = String::new();
    assert_eq!(
        make(&input).unwrap_err(),
        vec![FieldError::Org(Denied::UnknownOrganisation)]
    );
}

#[test]
fn an_edit_is_judged_only_where_it_changes_the_entry() {
    // Stored before the refused-characters rule: a bidi mark in the title.
    let mut base = make(&filled()).unwrap();
    base.title = "学习\u{202E}宣讲".into();
    let mut input = FormInput::from_entry(&base, &default_catalogue());
    input.counts.insert("participants".into(), "81".into());
    let edit = |input: &FormInput| {
        input.to_entry(
            Some(&base),
            Uuid::from_u128(99),
            50,
            today(),
            &default_catalogue(),
            anywhere,
        )
    };
    let edited = edit(&input).expect("a count edit of an old entry is taken");
    assert_eq!(edited.counts["participants"], 81);

    // An edit that brings such a character in is refused, as on the server.
    input.place = "河湾\u{202E}社区".into();
    let errors = edit(&input).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, FieldError::Rule(r) if r.field() == Field::Place)),
        "{errors:?}"
    );
}
