//! How each sheet of the report workbook prints, so the office can hand it in
//! as it comes out of the printer: A4, every sheet fitted to one page wide
//! (as many pages long as it needs), landscape where the sheet is wide, the
//! header rows repeated on every page, the report's title and period in the
//! page header, "page n of m" in the footer, gridlines printed.
//!
//! Before this, LibreOffice printed the 2023 demo workbook on 28 pages with
//! the line sheets' columns split across pages (`tests/e2e/office-print.test.mjs`
//! prints it through LibreOffice and checks every page).

use rust_xlsxwriter::{Worksheet, XlsxError};
use shared::Lang;

/// A4 in Excel's paper-size numbering.
const PAPER_A4: u8 = 9;
/// Column widths (in Excel's character units) that fit across an A4 page in
/// portrait at 100 % with the margins below; a wider sheet prints landscape
/// (and is still scaled to fit if it is wider than that).
const PORTRAIT_WIDTH: f64 = 95.0;
/// The longest header or footer Excel takes, control codes included.
const MAX_HEADER_CHARS: usize = 255;

/// What a sheet prints with.
pub struct PrintSetup<'a> {
    /// The report's title (organisation and period in words).
    pub title: &'a str,
    /// The period as dates, `2023-01-01 – 2023-12-31`.
    pub period: &'a str,
    /// The rows (0-based, inclusive) repeated at the top of every page.
    pub header_rows: (u32, u32),
    /// The sum of the sheet's column widths, in Excel's character units.
    pub width: f64,
    pub lang: Lang,
}

/// Sets up the printing of one sheet.
pub fn apply(sheet: &mut Worksheet, setup: &PrintSetup) -> Result<(), XlsxError> {
    sheet.set_paper_size(PAPER_A4);
    if setup.width > PORTRAIT_WIDTH {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_print_gridlines(true);
    sheet.set_margins(0.5, 0.5, 0.75, 0.75, 0.3, 0.3);
    sheet.set_repeat_rows(setup.header_rows.0, setup.header_rows.1)?;
    sheet.set_header(header_text(setup.title, setup.period));
    sheet.set_footer(match setup.lang {
        Lang::Zh => "&C第 &P 页，共 &N 页",
        Lang::En => "&CPage &P of &N",
    });
    Ok(())
}

/// The page header: the title on the left, the period on the right. `&` is
/// the header's control character, so one in a name is doubled; a title too
/// long for Excel's limit is cut (the period is kept whole).
fn header_text(title: &str, period: &str) -> String {
    let escape = |s: &str| s.replace('&', "&&");
    let right = format!("&R{}", escape(period));
    let room = MAX_HEADER_CHARS.saturating_sub(right.chars().count() + 2);
    let mut left = String::from("&L");
    for c in title.chars() {
        let piece = if c == '&' {
            "&&".to_owned()
        } else {
            c.to_string()
        };
        if left.chars().count() + piece.chars().count() > room {
            break;
        }
        left.push_str(&piece);
    }
    left + &right
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_escapes_ampersands_and_keeps_within_excels_limit() {
        assert_eq!(
            header_text("A&B 妇联", "2023-01-01 – 2023-12-31"),
            "&LA&&B 妇联&R2023-01-01 – 2023-12-31"
        );
        let long = "妇".repeat(400);
        let h = header_text(&long, "2023-01-01 – 2023-12-31");
        assert!(
            h.chars().count() <= MAX_HEADER_CHARS,
            "{}",
            h.chars().count()
        );
        assert!(h.ends_with("&R2023-01-01 – 2023-12-31"));
        // A cut never leaves half an escape behind.
        let amps = "&".repeat(300);
        let h = header_text(&amps, "p");
        let left = h.trim_start_matches("&L").trim_end_matches("&Rp");
        assert_eq!(left.len() % 2, 0);
    }
}
