//! The Word file's text, pictures and sections, read back from its zip.

use super::*;
use shared::report::wire::SummarySection;
use std::io::Read;

fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    let mut out = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
    out
}

#[test]
fn text_is_escaped_and_each_line_is_a_paragraph() {
    let docx = render(
        &SummaryText::plain(
            "平邑街道妇联2023年工作总结",
            "一、组织建设\r\n召开会议3次 <b>&\"'\u{1}\n\n\t二、思想引领",
        ),
        Vec::new(),
    )
    .unwrap();
    let xml = part(&docx, "word/document.xml");
    assert!(xml.contains("w:pStyle w:val=\"Heading1\""));
    assert!(xml.contains(">平邑街道妇联2023年工作总结</w:t>"));
    assert!(
        xml.contains(">召开会议3次 &lt;b&gt;&amp;&quot;&apos;</w:t>"),
        "{xml}"
    );
    assert!(!xml.contains('\u{1}'));
    assert!(xml.contains("<w:tab /><w:t xml:space=\"preserve\">二、思想引领</w:t>"));
    assert_eq!(
        xml.matches("<w:p ").count(),
        4,
        "title and three lines: {xml}"
    );
}

#[test]
fn pictures_fill_the_text_width_and_tall_ones_the_allowed_height() {
    let (w, h) = fit(1600, 1200);
    assert_eq!(u64::from(w), TEXT_WIDTH_EMU);
    assert_eq!(u64::from(h), TEXT_WIDTH_EMU * 3 / 4);
    let (w, h) = fit(900, 1600);
    assert_eq!(u64::from(h), MAX_PICTURE_HEIGHT_EMU);
    assert_eq!(u64::from(w), MAX_PICTURE_HEIGHT_EMU * 900 / 1600);
    // A degenerate size draws something rather than dividing by zero.
    assert!(fit(0, 0).0 > 0);
}

#[test]
fn photos_are_captioned_in_order_before_the_sections() {
    let summary = SummaryText {
        sections: vec![
            SummarySection {
                heading: "存在问题".into(),
                text: "一是台账不全".into(),
            },
            SummarySection {
                heading: "空的小节".into(),
                text: " \n".into(),
            },
            SummarySection {
                heading: "下一步打算".into(),
                text: "一是补齐台账".into(),
            },
        ],
        ..SummaryText::plain("总结", "正文")
    };
    let figure = |n: u8, caption: &str| Figure {
        bytes: vec![n; 10],
        width: 40,
        height: 30,
        caption: caption.into(),
    };
    let docx = render(&summary, vec![figure(1, "宣讲现场"), figure(2, "")]).unwrap();
    let xml = part(&docx, "word/document.xml");
    let at = |s: &str| xml.find(s).unwrap_or_else(|| panic!("{s}: {xml}"));
    assert!(at(">正文<") < at(">图1 宣讲现场<"));
    assert!(at(">图1 宣讲现场<") < at(">图2<"));
    assert!(at(">图2<") < at(">存在问题<"));
    assert!(at(">存在问题<") < at(">一是台账不全<"));
    assert!(at(">一是台账不全<") < at(">下一步打算<"));
    assert!(!xml.contains("空的小节"), "a blank section is left out");
    assert_eq!(xml.matches("<pic:pic").count(), 2);
    // Lines grow to hold a picture: a line height without its rule is held
    // exact by LibreOffice, which showed each picture as a thin strip.
    let styles = part(&docx, "word/styles.xml");
    assert!(
        styles.contains("w:line=\"360\" w:lineRule=\"auto\""),
        "{styles}"
    );
    let rels = part(&docx, "word/_rels/document.xml.rels");
    assert_eq!(rels.matches("media/").count(), 2, "{rels}");
}
