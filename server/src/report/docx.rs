//! The edited yearly summary as a Word document, written with `docx-rs`: the
//! title as a centred heading, each line of the body a paragraph (blank
//! lines, which separate the draft's paragraphs, are left to paragraph
//! spacing), then the photos the office picked, each scaled to the text
//! width (aspect kept) and captioned 图1, 图2… under it as the seed article
//! does, then the headed sections (存在问题, 下一步打算) that have text.
//! Characters XML cannot hold are dropped (docx-rs escapes markup).

use docx_rs::{
    AlignmentType, Docx, LineSpacing, LineSpacingType, PageMargin, Paragraph, Pic, Run, RunFonts,
    SpecialIndentType, Style, StyleType,
};
use shared::report::wire::SummaryText;
use std::io::Cursor;

/// The media type of a .docx file.
pub const CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A4 in twips, margins of 2.54 cm.
const PAGE_W: u32 = 11_906;
const PAGE_H: u32 = 16_838;
const MARGIN: u32 = 1_440;
/// EMU (the unit of DrawingML sizes) per twip.
const EMU_PER_TWIP: u64 = 635;
/// The text column's width in EMU: what a picture is scaled to.
pub const TEXT_WIDTH_EMU: u64 = (PAGE_W - 2 * MARGIN) as u64 * EMU_PER_TWIP;
/// The tallest a picture may be drawn (seven tenths of the text column's
/// height), so a portrait photo and its caption stay on one page.
pub const MAX_PICTURE_HEIGHT_EMU: u64 = (PAGE_H - 2 * MARGIN) as u64 * EMU_PER_TWIP * 7 / 10;

/// A picked photo, read and measured: its bytes (JPEG, WebP or PNG, as
/// uploaded), its size in pixels from its header, and its caption.
#[derive(Debug, Clone)]
pub struct Figure {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub caption: String,
}

/// Writing the package failed (never the client's fault).
#[derive(Debug, thiserror::Error)]
#[error("writing the .docx package: {0}")]
pub struct DocxError(String);

/// The drawn size in EMU of a `width`×`height` pixel picture: the text
/// column's width, aspect kept, unless that is taller than
/// [`MAX_PICTURE_HEIGHT_EMU`], then that height.
pub fn fit(width: u32, height: u32) -> (u32, u32) {
    let (w, h) = (u64::from(width.max(1)), u64::from(height.max(1)));
    let (mut dw, mut dh) = (TEXT_WIDTH_EMU, TEXT_WIDTH_EMU * h / w);
    if dh > MAX_PICTURE_HEIGHT_EMU {
        dh = MAX_PICTURE_HEIGHT_EMU;
        dw = MAX_PICTURE_HEIGHT_EMU * w / h;
    }
    // Both are below TEXT_WIDTH_EMU or MAX_PICTURE_HEIGHT_EMU, far below u32::MAX.
    (dw as u32, dh as u32)
}

/// The document of `summary` with `figures` (in the order picked).
pub fn document(summary: &SummaryText, figures: Vec<Figure>) -> Docx {
    let mut doc = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN as i32)
                .bottom(MARGIN as i32)
                .left(MARGIN as i32)
                .right(MARGIN as i32)
                .header(851)
                .footer(992),
        )
        // Body text in 宋体 12 pt (sizes are in half points), 1.5 lines. The
        // rule is said outright: without it LibreOffice holds a line to
        // that height, and a picture's line shows as a strip.
        .default_fonts(
            RunFonts::new()
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman")
                .east_asia("宋体"),
        )
        .default_size(24)
        .default_line_spacing(
            LineSpacing::new()
                .after(120)
                .line(360)
                .line_rule(LineSpacingType::Auto),
        )
        // The title in 黑体 18 pt, centred; section headings in 黑体 14 pt.
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("heading 1")
                .next("Normal")
                .fonts(RunFonts::new().east_asia("黑体"))
                .bold()
                .size(36)
                .align(AlignmentType::Center)
                .outline_lvl(0),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("heading 2")
                .next("Normal")
                .fonts(RunFonts::new().east_asia("黑体"))
                .bold()
                .size(28)
                .outline_lvl(1),
        )
        .add_style(
            Style::new("Caption", StyleType::Paragraph)
                .name("caption")
                .next("Normal")
                .size(21)
                .align(AlignmentType::Center),
        );
    let title = clean(&summary.title.replace(['\r', '\n'], " "));
    doc = doc.add_paragraph(
        text_paragraph(title.trim())
            .style("Heading1")
            .keep_next(true),
    );
    doc = body_lines(doc, &summary.body);
    for (i, figure) in figures.into_iter().enumerate() {
        let (w, h) = fit(figure.width, figure.height);
        let pic = Pic::new_with_dimensions(figure.bytes, figure.width, figure.height)
            .id(format!("rIdPhoto{}", i + 1))
            .size(w, h);
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_image(pic))
                .align(AlignmentType::Center)
                .keep_next(true),
        );
        let caption = clean(figure.caption.trim());
        let caption = if caption.is_empty() {
            format!("图{}", i + 1)
        } else {
            format!("图{} {}", i + 1, caption)
        };
        doc = doc.add_paragraph(text_paragraph(&caption).style("Caption"));
    }
    for section in &summary.sections {
        if section.text.trim().is_empty() {
            continue;
        }
        let heading = clean(&section.heading.replace(['\r', '\n'], " "));
        doc = doc.add_paragraph(
            text_paragraph(heading.trim())
                .style("Heading2")
                .keep_next(true),
        );
        doc = body_lines(doc, &section.text);
    }
    doc
}

/// The whole .docx file.
pub fn render(summary: &SummaryText, figures: Vec<Figure>) -> Result<Vec<u8>, DocxError> {
    let mut out = Cursor::new(Vec::new());
    document(summary, figures)
        .pack(&mut out)
        .map_err(|e| DocxError(e.to_string()))?;
    Ok(out.into_inner())
}

/// Each non-blank line of `text` as a body paragraph: justified, its first
/// line indented two characters (as Chinese reports are written).
fn body_lines(mut doc: Docx, text: &str) -> Docx {
    for line in text.split('\n') {
        let line = line.trim_end_matches('\r');
        if !line.trim().is_empty() {
            doc = doc.add_paragraph(
                text_paragraph(&clean(line))
                    .align(AlignmentType::Both)
                    .indent(None, Some(SpecialIndentType::FirstLine(480)), None, None),
            );
        }
    }
    doc
}

/// One paragraph of `text`, tabs kept as tabs.
fn text_paragraph(text: &str) -> Paragraph {
    let mut run = Run::new();
    for (i, piece) in text.split('\t').enumerate() {
        if i > 0 {
            run = run.add_tab();
        }
        if !piece.is_empty() {
            run = run.add_text(piece);
        }
    }
    Paragraph::new().add_run(run)
}

/// `text` without the characters XML 1.0 does not allow (most control
/// characters, U+FFFE, U+FFFF); docx-rs escapes the markup.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            !matches!(c, '\u{fffe}' | '\u{ffff}')
                && ((c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r'))
        })
        .collect()
}

#[cfg(test)]
#[path = "docx_tests.rs"]
mod tests;
