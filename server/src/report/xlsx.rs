//! A report as an Excel workbook (rust_xlsxwriter): a summary sheet with the
//! totals per work line and kind, each figure with its unit, then one sheet
//! per work line that has entries, with a row per organisation under the
//! root and a column per figure of each of the line's kinds. Figures are
//! numbers (money in 元, shown with two decimals); names are strings, so
//! nothing a user typed is ever read as a formula.

use super::labels::{self, kind_columns, line_name, org_name, unit_header, Column};
use super::xlsx_print::{self, PrintSetup};
use super::Loaded;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use shared::catalogue::{Catalogue, Unit};
use shared::money::Fen;
use shared::report::build::LineReport;
use shared::report::tally::Cell;
use shared::report::totals::Sums;
use shared::Lang;
use std::collections::HashSet;

/// The cell formats of a workbook.
struct Formats {
    title: Format,
    header: Format,
    money: Format,
    total: Format,
    total_money: Format,
}

impl Formats {
    fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap()
            .set_border(FormatBorder::Thin)
            .set_background_color(0xDDEBF7);
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header,
            money: Format::new().set_num_format("0.00"),
            total: Format::new().set_bold(),
            total_money: Format::new().set_bold().set_num_format("0.00"),
        }
    }
}

/// The whole workbook, as bytes.
pub fn render(loaded: &Loaded) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let mut names = HashSet::new();
    let lang = loaded.lang;
    let summary = workbook.add_worksheet();
    summary.set_name(sheet_name(lang.pick("汇总", "Summary"), &mut names))?;
    write_summary(summary, loaded, &formats)?;
    for line in loaded.report.lines.iter().filter(|l| l.sums.records > 0) {
        let sheet = workbook.add_worksheet();
        let name = line_name(&loaded.catalogue, &line.code, lang);
        sheet.set_name(sheet_name(&name, &mut names))?;
        write_line(sheet, loaded, line, &name, &formats)?;
    }
    workbook.save_to_buffer()
}

/// The title rows of a sheet; the next free row.
fn heading(
    sheet: &mut Worksheet,
    loaded: &Loaded,
    title: &str,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let lang = loaded.lang;
    let p = loaded.report.query.period;
    sheet.write_string_with_format(0, 0, title, &f.title)?;
    sheet.write_string(1, 0, lang.pick("期间", "Period"))?;
    sheet.write_string(1, 1, p.from.to_string())?;
    sheet.write_string(1, 2, p.to.to_string())?;
    Ok(3)
}

/// Totals per line and kind: line, kind, item, value, unit.
fn write_summary(sheet: &mut Worksheet, loaded: &Loaded, f: &Formats) -> Result<(), XlsxError> {
    let Loaded {
        report,
        catalogue,
        lang,
    } = loaded;
    let lang = *lang;
    let mut row = heading(sheet, loaded, &labels::title(report, lang), f)?;
    let headers = [
        lang.pick("工作线", "Work line"),
        lang.pick("活动类型", "Kind"),
        lang.pick("统计项", "Item"),
        lang.pick("数值", "Value"),
        lang.pick("单位", "Unit"),
    ];
    for (col, h) in (0u16..).zip(headers) {
        sheet.write_string_with_format(row, col, h, &f.header)?;
    }
    sheet.set_freeze_panes(row + 1, 0)?;
    let header_row = row;
    row += 1;
    for line in report.lines.iter().filter(|l| l.sums.records > 0) {
        let name = line_name(catalogue, &line.code, lang);
        for kind in &line.kinds {
            let kind_name = catalogue.kind_name(&kind.code, lang);
            for column in kind_columns(catalogue, kind, lang) {
                let item = [name.as_str(), kind_name, column.label.as_str()];
                write_item(sheet, row, item, &column, &kind.cell, f, false)?;
                row += 1;
            }
        }
        let subtotal = lang.pick("小计", "Subtotal");
        row = write_sums(sheet, row, [&name, subtotal], &line.sums, lang, f)?;
    }
    let all = lang.pick("总计", "All work");
    write_sums(sheet, row, [all, ""], &report.all, lang, f)?;
    let widths = [(0u16, 22), (1, 26), (2, 22), (3, 14), (4, 8)];
    for (col, width) in widths {
        sheet.set_column_width(col, width)?;
    }
    let setup = PrintSetup {
        title: &labels::title(report, lang),
        period: &period(loaded),
        header_rows: (header_row, header_row),
        width: widths.iter().map(|(_, w)| f64::from(*w)).sum(),
        lang,
    };
    xlsx_print::apply(sheet, &setup)
}

/// The report's period as dates, for the page header.
fn period(loaded: &Loaded) -> String {
    let p = loaded.report.query.period;
    format!("{} – {}", p.from, p.to)
}

/// One figure of a kind: its names, the value as a number, the unit.
fn write_item(
    sheet: &mut Worksheet,
    row: u32,
    names: [&str; 3],
    column: &Column,
    cell: &Cell,
    f: &Formats,
    bold: bool,
) -> Result<(), XlsxError> {
    for (col, name) in (0u16..).zip(names) {
        sheet.write_string(row, col, name)?;
    }
    write_value(sheet, row, 3, column.value(cell), column.money, f, bold)?;
    sheet.write_string(row, 4, column.unit.as_str())?;
    Ok(())
}

/// Records and each unit's sum as bold rows; the next free row.
fn write_sums(
    sheet: &mut Worksheet,
    mut row: u32,
    names: [&str; 2],
    sums: &Sums,
    lang: Lang,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let records = lang.pick("记录数", "Records");
    let mut items = vec![(
        records.to_owned(),
        sums.records,
        false,
        lang.pick("条", "entries"),
    )];
    for (unit, n) in &sums.by_unit {
        let money = *unit == Unit::MoneyFen;
        items.push((unit_header(*unit, lang), *n, money, unit.measure_word(lang)));
    }
    for (label, n, money, unit) in items {
        sheet.write_string_with_format(row, 0, names[0], &f.total)?;
        sheet.write_string_with_format(row, 1, names[1], &f.total)?;
        sheet.write_string_with_format(row, 2, label, &f.total)?;
        write_value(sheet, row, 3, n, money, f, true)?;
        sheet.write_string_with_format(row, 4, unit, &f.total)?;
        row += 1;
    }
    Ok(row)
}

/// A figure as a number; money (fen) in 元 with two decimals.
fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: u64,
    money: bool,
    f: &Formats,
    bold: bool,
) -> Result<(), XlsxError> {
    match (money, bold) {
        (true, false) => {
            sheet.write_number_with_format(row, col, Fen(value).as_yuan_f64(), &f.money)?
        }
        (true, true) => {
            sheet.write_number_with_format(row, col, Fen(value).as_yuan_f64(), &f.total_money)?
        }
        // Counts stay far below 2^53, where f64 is exact.
        (false, false) => sheet.write_number(row, col, value as f64)?,
        (false, true) => sheet.write_number_with_format(row, col, value as f64, &f.total)?,
    };
    Ok(())
}

/// A work line's sheet: organisation, type, then each kind's figures.
fn write_line(
    sheet: &mut Worksheet,
    loaded: &Loaded,
    line: &LineReport,
    name: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    let Loaded {
        report, catalogue, ..
    } = loaded;
    let lang = loaded.lang;
    let title = match lang {
        Lang::Zh => format!("{name}：{}", labels::title(report, lang)),
        Lang::En => format!("{name}: {}", labels::title(report, lang)),
    };
    let top = heading(sheet, loaded, &title, f)?;
    let org_header = lang.pick("组织", "Organisation");
    let type_header = lang.pick("类别", "Type");
    sheet.merge_range(top, 0, top + 1, 0, org_header, &f.header)?;
    sheet.merge_range(top, 1, top + 1, 1, type_header, &f.header)?;
    let kinds = kinds_with_columns(catalogue, line, lang);
    let mut col: u16 = 2;
    for (kind, columns) in &kinds {
        let kind_name = catalogue.kind_name(&kind.code, lang);
        let last = col + columns.len() as u16 - 1;
        if last > col {
            sheet.merge_range(top, col, top, last, kind_name, &f.header)?;
        } else {
            sheet.write_string_with_format(top, col, kind_name, &f.header)?;
        }
        for (i, c) in (col..).zip(columns) {
            sheet.write_string_with_format(top + 1, i, c.header(lang), &f.header)?;
            sheet.set_column_width(i, 12)?;
        }
        col = last + 1;
    }
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 12)?;
    sheet.set_freeze_panes(top + 2, 2)?;
    let setup = PrintSetup {
        title: &title,
        period: &period(loaded),
        header_rows: (top, top + 1),
        width: 28.0 + 12.0 + 12.0 * f64::from(col - 2),
        lang,
    };
    xlsx_print::apply(sheet, &setup)?;

    let empty = Cell::default();
    let mut row = top + 2;
    for org in &report.orgs {
        sheet.write_string(row, 0, org_name(org, lang))?;
        sheet.write_string(row, 1, org.kind.name(lang))?;
        let mut col = 2;
        for (kind, columns) in &kinds {
            let cell = org.kinds.get(&kind.code).unwrap_or(&empty);
            for c in columns {
                write_value(sheet, row, col, c.value(cell), c.money, f, false)?;
                col += 1;
            }
        }
        row += 1;
    }
    sheet.write_string_with_format(row, 0, lang.pick("合计", "Total"), &f.total)?;
    sheet.write_string_with_format(row, 1, "", &f.total)?;
    let mut col = 2;
    for (kind, columns) in &kinds {
        for c in columns {
            write_value(sheet, row, col, c.value(&kind.cell), c.money, f, true)?;
            col += 1;
        }
    }
    Ok(())
}

type KindColumns<'a> = Vec<(&'a shared::report::build::KindReport, Vec<Column>)>;

fn kinds_with_columns<'a>(
    catalogue: &Catalogue,
    line: &'a LineReport,
    lang: Lang,
) -> KindColumns<'a> {
    line.kinds
        .iter()
        .map(|k| (k, kind_columns(catalogue, k, lang)))
        .collect()
}

/// A sheet name Excel accepts, unique in the workbook: at most 31
/// characters, none of `[]:*?/\`, no apostrophe at either end, not "History".
fn sheet_name(wanted: &str, taken: &mut HashSet<String>) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim_matches('\'').trim();
    let base: String = if clean.is_empty() || clean.eq_ignore_ascii_case("history") {
        format!("{clean}_")
    } else {
        clean.to_owned()
    };
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(" ({n})")
        };
        let keep = 31 - suffix.chars().count();
        let name: String = base.chars().take(keep).collect::<String>() + &suffix;
        if taken.insert(name.to_lowercase()) {
            return name;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = HashSet::new();
        assert_eq!(
            sheet_name("健康中国·母亲行动", &mut taken),
            "健康中国·母亲行动"
        );
        assert_eq!(sheet_name("a/b:c", &mut taken), "a_b_c");
        assert_eq!(sheet_name("A/B:C", &mut taken), "A_B_C (2)");
        assert_eq!(sheet_name("'history'", &mut taken), "history_");
        assert_eq!(sheet_name("", &mut taken), "_");
        let long = "长".repeat(40);
        assert_eq!(sheet_name(&long, &mut taken).chars().count(), 31);
        assert_eq!(sheet_name(&long, &mut taken), "长".repeat(27) + " (2)");
    }
}
