//! The summary request's optional parts: an old client's body still reads,
//! and sections and picked photos are checked.

use super::*;

const HASH: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn picked(sha256: &str, caption: &str) -> PickedPhoto {
    PickedPhoto {
        sha256: sha256.into(),
        caption: caption.into(),
    }
}

#[test]
fn an_old_clients_body_is_a_whole_request() {
    let old: SummaryText = serde_json::from_str(r#"{"title":"总结","body":"正文"}"#).unwrap();
    assert_eq!(old, SummaryText::plain("总结", "正文"));
    // And a plain summary is written as an old server would read it.
    assert_eq!(
        serde_json::to_string(&old).unwrap(),
        r#"{"title":"总结","body":"正文"}"#
    );
    let new: SummaryText = serde_json::from_str(&format!(
        r#"{{"title":"总结","body":"正文","sections":[{{"heading":"存在问题","text":"一"}}],
            "photos":[{{"sha256":"{HASH}"}}]}}"#
    ))
    .unwrap();
    assert_eq!(new.sections[0].heading, "存在问题");
    assert_eq!(new.photos, vec![picked(HASH, "")]);
}

#[test]
fn sections_and_photos_are_checked() {
    let with = |sections: Vec<SummarySection>, photos: Vec<PickedPhoto>| SummaryText {
        sections,
        photos,
        ..SummaryText::plain("总结", "正文")
    };
    let section = |heading: &str, text: &str| SummarySection {
        heading: heading.into(),
        text: text.into(),
    };
    assert!(
        with(vec![section("存在问题", "")], vec![picked(HASH, "宣讲")])
            .check()
            .is_ok()
    );
    assert!(with(vec![], vec![picked(HASH, ""); MAX_SUMMARY_PHOTOS])
        .check()
        .is_ok());
    for bad in [
        with(vec![], vec![picked(HASH, ""); MAX_SUMMARY_PHOTOS + 1]),
        with(vec![], vec![picked("../etc/passwd", "")]),
        with(vec![], vec![picked(&HASH.to_uppercase(), "")]),
        with(
            vec![],
            vec![picked(HASH, &"图".repeat(MAX_SUMMARY_TITLE_CHARS + 1))],
        ),
        with(vec![section("问", ""); MAX_SUMMARY_SECTIONS + 1], vec![]),
        with(
            vec![section(&"问".repeat(MAX_SUMMARY_TITLE_CHARS + 1), "")],
            vec![],
        ),
    ] {
        assert_eq!(
            bad.check(),
            Err(ReportRequestError::SummaryParts),
            "{bad:?}"
        );
    }
    // The sections' text counts with the body's.
    let long = with(
        vec![section("存在问题", &"字".repeat(MAX_SUMMARY_CHARS))],
        vec![],
    );
    assert_eq!(long.check(), Err(ReportRequestError::SummaryTooLong));
}
