//! The photo list's rules (`validate::photos`), their messages, and that an
//! edit is judged on them only where it changes the list.
use super::*;
use crate::catalogue_default::default_catalogue;
use crate::fixtures::arb;
use crate::lang::Lang;
use crate::photo::reference::{MAX_PHOTO_BYTES, MAX_PHOTO_SIDE};
use crate::test_support::sample_entry;
use proptest::prelude::*;

fn today() -> LocalDate {
    "2026-11-29".parse().unwrap()
}

fn photo(n: u8) -> PhotoRef {
    PhotoRef {
        sha256: format!("{n:02x}").repeat(32),
        bytes: 230_000,
        width: 1600,
        height: 1200,
        thumb_sha256: format!("{:02x}", n.wrapping_add(100)).repeat(32),
        thumb_bytes: 14_000,
        caption: format!("图说{n}"),
    }
}

fn with_photos(photos: Vec<PhotoRef>) -> Entry {
    let mut e = sample_entry(0);
    e.photos = photos;
    e
}

fn errors(e: &Entry) -> Vec<ValidationError> {
    validate_entry(e, &default_catalogue(), today(), true)
        .err()
        .unwrap_or_default()
}

fn zh(error: &ValidationError) -> String {
    error.message(Lang::Zh, &default_catalogue(), "lecture")
}

fn en(error: &ValidationError) -> String {
    error.message(Lang::En, &default_catalogue(), "lecture")
}

#[test]
fn nine_photos_pass_ten_do_not() {
    assert_eq!(errors(&with_photos((0..9).map(photo).collect())), vec![]);
    let ten = errors(&with_photos((0..10).map(photo).collect()));
    assert_eq!(
        ten,
        vec![ValidationError::TooMany {
            field: Field::Photos,
            max: 9
        }]
    );
    assert_eq!(zh(&ten[0]), "最多9张照片");
    assert_eq!(en(&ten[0]), "At most 9 photos");
}

/// A way to spoil the second photo, the error it gives, its two sentences.
type Case = (
    fn(&mut PhotoRef),
    ValidationError,
    &'static str,
    &'static str,
);

#[test]
fn each_photo_rule_names_the_photo_in_both_languages() {
    let cases: [Case; 6] = [
        (
            |p| p.sha256 = "AB".repeat(32),
            ValidationError::BadPhoto { index: 1 },
            "图2已损坏，请删除后重新添加",
            "Photo 2 is damaged; remove it and add it again",
        ),
        (
            |p| p.bytes = MAX_PHOTO_BYTES + 1,
            ValidationError::BadPhoto { index: 1 },
            "图2已损坏，请删除后重新添加",
            "Photo 2 is damaged; remove it and add it again",
        ),
        (
            |p| p.width = MAX_PHOTO_SIDE + 1,
            ValidationError::BadPhoto { index: 1 },
            "图2已损坏，请删除后重新添加",
            "Photo 2 is damaged; remove it and add it again",
        ),
        (
            |p| p.sha256 = "00".repeat(32),
            ValidationError::DuplicatePhoto { index: 1 },
            "图2与前面的照片重复",
            "Photo 2 is the same as an earlier one",
        ),
        (
            |p| p.caption = "说".repeat(MAX_CAPTION_CHARS + 1),
            ValidationError::CaptionTooLong {
                index: 1,
                max: MAX_CAPTION_CHARS,
            },
            "图2的说明不能超过60个字",
            "The caption of photo 2 must be at most 60 characters",
        ),
        (
            |p| p.caption = "图\u{202e}说".into(),
            ValidationError::CaptionControlChars { index: 1 },
            "图2的说明含有无法显示的字符",
            "The caption of photo 2 contains characters that cannot be shown",
        ),
    ];
    for (i, (spoil, want, want_zh, want_en)) in cases.into_iter().enumerate() {
        let mut photos = vec![photo(0), photo(1)];
        spoil(&mut photos[1]);
        let got = errors(&with_photos(photos));
        assert_eq!(got, vec![want.clone()], "case {i}");
        assert_eq!(got[0].field(), Field::Photos);
        assert_eq!(zh(&got[0]), want_zh);
        assert_eq!(en(&got[0]), want_en);
        // Travels in a receipt and back.
        let json = serde_json::to_string(&want).unwrap();
        assert_eq!(
            serde_json::from_str::<ValidationError>(&json).unwrap(),
            want
        );
    }
}

#[test]
fn a_caption_may_be_empty_and_a_line_breaks_it() {
    let mut p = photo(0);
    p.caption = String::new();
    assert_eq!(errors(&with_photos(vec![p.clone()])), vec![]);
    p.caption = "两行\n说明".into();
    assert_eq!(
        errors(&with_photos(vec![p])),
        vec![ValidationError::CaptionControlChars { index: 0 }]
    );
}

#[test]
fn an_edit_of_other_fields_keeps_a_caption_from_before_the_rule() {
    // A caption stored before a text rule tightened: editing the title is
    // fine, editing the photos must bring it within the rules.
    let cat = default_catalogue();
    let mut before = sample_entry(0);
    let mut p = photo(0);
    p.caption = "说".repeat(MAX_CAPTION_CHARS + 5);
    before.photos = vec![p];
    let mut title = before.clone();
    title.title = "新的名称".into();
    assert_eq!(validate_edit(&before, &title, &cat, today()), Ok(()));
    let mut more = before.clone();
    more.photos.push(photo(1));
    assert!(validate_edit(&before, &more, &cat, today()).is_err());
}

#[test]
fn an_older_build_reads_a_photo_rule_as_unknown() {
    // What an app without photos makes of the new rules: refused, "update".
    let json = r#"{"rule":"caption_too_long","index":0,"max":60}"#;
    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(tag = "rule", rename_all = "snake_case")]
    enum Old {
        TooLong {
            max: usize,
        },
        #[serde(other)]
        Unknown,
    }
    assert_eq!(serde_json::from_str::<Old>(json).unwrap(), Old::Unknown);
}

proptest! {
    #[test]
    fn generated_photo_lists_are_valid(photos in arb::valid_photos()) {
        prop_assert_eq!(errors(&with_photos(photos)), vec![]);
    }
}
