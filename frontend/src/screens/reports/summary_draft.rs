//! The summary draft as the editor keeps it (plain logic, tested natively):
//! a fresh draft from `shared::report::summary`, a kept one restored (a
//! draft kept before the summary had sections — `{title, body}` only — loads
//! too, and gains the fresh draft's empty sections), and the plain-text
//! export. The kept JSON is a [`SummaryText`], the Word request itself, so
//! what is kept is what is sent.

use shared::report::summary::Summary;
use shared::report::wire::{SummarySection, SummaryText};

/// A fresh draft of `summary`: its title, its body, its sections empty.
pub fn fresh(summary: &Summary) -> SummaryText {
    SummaryText {
        sections: empty_sections(summary),
        ..SummaryText::plain(summary.title.clone(), summary.body_text())
    }
}

fn empty_sections(summary: &Summary) -> Vec<SummarySection> {
    summary
        .sections
        .iter()
        .map(|s| SummarySection {
            heading: s.heading.clone(),
            text: String::new(),
        })
        .collect()
}

/// The draft to show: the kept one if there is one that reads (with the
/// fresh sections when it has none), else a fresh one; and whether it was
/// restored.
pub fn restore(kept: Option<&str>, summary: &Summary) -> (SummaryText, bool) {
    match kept.and_then(|raw| serde_json::from_str::<SummaryText>(raw).ok()) {
        Some(mut draft) => {
            if draft.sections.is_empty() {
                draft.sections = empty_sections(summary);
            }
            (draft, true)
        }
        None => (fresh(summary), false),
    }
}

/// The draft as a text file: title, body, then each section that has text
/// under its heading; the picked photos' captions are for the Word file.
pub fn plain_text(draft: &SummaryText) -> String {
    let mut out = format!("{}\n\n{}", draft.title, draft.body.trim_end());
    out.push('\n');
    for s in draft.sections.iter().filter(|s| !s.text.trim().is_empty()) {
        out.push_str(&format!("\n{}\n{}\n", s.heading, s.text.trim_end()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::report::opening::SectionPrompt;
    use shared::report::summary::Paragraph;

    fn summary() -> Summary {
        Summary {
            title: "河湾社区妇联2023年工作总结（草稿）".into(),
            opening: "2023年，河湾社区妇联……".into(),
            paragraphs: vec![Paragraph {
                heading: "一、思想引领".into(),
                text: "累计开展宣讲80余场。".into(),
            }],
            sections: vec![
                SectionPrompt {
                    heading: "二、存在问题".into(),
                    prompt: "如：……".into(),
                },
                SectionPrompt {
                    heading: "三、下一步打算".into(),
                    prompt: "如：……".into(),
                },
            ],
        }
    }

    #[test]
    fn a_fresh_draft_has_the_opening_the_lines_and_empty_sections() {
        let (draft, restored) = restore(None, &summary());
        assert!(!restored);
        assert!(draft
            .body
            .starts_with("2023年，河湾社区妇联……\n\n一、思想引领\n"));
        let headings: Vec<&str> = draft.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["二、存在问题", "三、下一步打算"]);
        assert!(draft.sections.iter().all(|s| s.text.is_empty()));
        assert!(draft.photos.is_empty());
    }

    #[test]
    fn a_draft_kept_before_sections_existed_still_loads_and_gains_them() {
        let old = r#"{"title":"我的总结","body":"我改过的正文"}"#;
        let (draft, restored) = restore(Some(old), &summary());
        assert!(restored);
        assert_eq!(
            (draft.title.as_str(), draft.body.as_str()),
            ("我的总结", "我改过的正文")
        );
        assert_eq!(draft.sections.len(), 2);
        // A kept draft with sections keeps its own.
        let mut mine = draft.clone();
        mine.sections[0].text = "一是照片不全".into();
        let raw = serde_json::to_string(&mine).unwrap();
        assert_eq!(restore(Some(&raw), &summary()).0, mine);
        // What does not read is replaced by a fresh draft, not an error.
        assert!(!restore(Some("{not json"), &summary()).1);
    }

    #[test]
    fn the_text_file_has_the_sections_that_have_text_in_order() {
        let (mut draft, _) = restore(None, &summary());
        draft.sections[1].text = "一是补齐台账\n".into();
        let text = plain_text(&draft);
        assert!(text.starts_with("河湾社区妇联2023年工作总结（草稿）\n\n2023年"));
        assert!(
            text.ends_with("累计开展宣讲80余场。\n\n三、下一步打算\n一是补齐台账\n"),
            "{text}"
        );
        assert!(
            !text.contains("存在问题"),
            "an empty section is left out: {text}"
        );
    }
}
