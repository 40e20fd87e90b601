//! The edited yearly summary as a Word document: the smallest valid .docx
//! (a zip of WordprocessingML parts: content types, the package and
//! document relationships, a style sheet, the document). The title is a
//! heading-styled paragraph; each line of the body a paragraph (blank lines,
//! which separate the draft's paragraphs, are left to paragraph spacing).
//! Text is XML-escaped, and characters XML cannot hold are dropped.

use shared::report::wire::SummaryText;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The media type of a .docx file.
pub const CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// Body text in 宋体 12 pt, first lines indented two characters (as Chinese
/// reports are written); the title in 黑体 18 pt, centred.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="宋体"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="360" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:firstLineChars="200" w:firstLine="480"/><w:jc w:val="both"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="240"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:bCs/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style></w:styles>"#;

const DOCUMENT_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#;

/// A4, margins of 2.54 cm.
const DOCUMENT_END: &str = r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>"#;

/// `word/document.xml` of `summary`.
pub fn document_xml(summary: &SummaryText) -> String {
    let mut out = String::from(DOCUMENT_START);
    let title = summary.title.replace(['\r', '\n'], " ");
    paragraph(&mut out, Some("Heading1"), title.trim());
    for line in summary.body.split('\n') {
        let line = line.trim_end_matches('\r');
        if !line.trim().is_empty() {
            paragraph(&mut out, None, line);
        }
    }
    out.push_str(DOCUMENT_END);
    out
}

/// The whole .docx file.
pub fn render(summary: &SummaryText) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let document = document_xml(summary);
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("word/document.xml", document.as_str()),
    ];
    for (name, text) in parts {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// One paragraph of `text`, tabs kept as tabs.
fn paragraph(out: &mut String, style: Option<&str>, text: &str) {
    out.push_str("<w:p>");
    if let Some(style) = style {
        out.push_str(&format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"));
    }
    out.push_str("<w:r>");
    for (i, piece) in text.split('\t').enumerate() {
        if i > 0 {
            out.push_str("<w:tab/>");
        }
        out.push_str("<w:t xml:space=\"preserve\">");
        escape_into(out, piece);
        out.push_str("</w:t>");
    }
    out.push_str("</w:r></w:p>");
}

/// `text` as XML character data: markup escaped, characters XML 1.0 does
/// not allow (most control characters, U+FFFE, U+FFFF) dropped.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{fffe}' | '\u{ffff}' => {}
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_each_line_is_a_paragraph() {
        let xml = document_xml(&SummaryText {
            title: "平邑街道妇联2023年工作总结".into(),
            body: "一、组织建设\r\n召开会议3次 <b>&\"'\u{1}\n\n\t二、思想引领".into(),
        });
        assert!(xml.contains(
            "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r>\
             <w:t xml:space=\"preserve\">平邑街道妇联2023年工作总结</w:t></w:r></w:p>"
        ));
        assert!(xml
            .contains("<w:t xml:space=\"preserve\">召开会议3次 &lt;b&gt;&amp;&quot;&apos;</w:t>"));
        assert!(xml.contains("<w:tab/><w:t xml:space=\"preserve\">二、思想引领</w:t>"));
        assert_eq!(xml.matches("<w:p>").count(), 4, "title and three lines");
    }
}
