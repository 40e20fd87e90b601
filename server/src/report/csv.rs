//! A report as CSV: UTF-8 with a byte-order mark (so Excel reads the Chinese
//! right), CRLF line ends, RFC 4180 quoting by the `csv` crate. Two tables, each with one column
//! per unit: one row per organisation under the root (the root's own entries
//! first), then the totals per work line and per kind. Money in 元 with two
//! decimals. Text that a spreadsheet would take for a formula (=, +, -, @)
//! is written with a leading apostrophe.

use super::labels::{self, line_name, org_name, unit_header};
use super::Loaded;
use shared::catalogue::Unit;
use shared::money::Fen;
use shared::report::totals::Sums;

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

/// The whole file.
pub fn render(loaded: &Loaded) -> String {
    let Loaded {
        report,
        catalogue,
        lang,
    } = loaded;
    let lang = *lang;
    let p = report.query.period;
    let heading = vec![
        vec![text(&labels::title(report, lang))],
        vec![
            lang.pick("期间", "Period").into(),
            p.from.to_string(),
            p.to.to_string(),
        ],
    ];

    let units: Vec<String> = Unit::ALL.iter().map(|u| unit_header(*u, lang)).collect();
    let mut header = vec![
        lang.pick("组织", "Organisation").to_owned(),
        lang.pick("类别", "Type").to_owned(),
        lang.pick("记录数", "Records").to_owned(),
    ];
    header.extend(units.iter().cloned());
    let mut by_org = vec![header];
    for row in &report.orgs {
        let mut cells = vec![text(&org_name(row, lang)), row.kind.name(lang).to_owned()];
        cells.extend(sums(&row.sums));
        by_org.push(cells);
    }
    let mut total = vec![lang.pick("合计", "Total").to_owned(), String::new()];
    total.extend(sums(&report.all));
    by_org.push(total.clone());

    let mut header = vec![
        lang.pick("工作线", "Work line").to_owned(),
        lang.pick("活动类型", "Kind").to_owned(),
        lang.pick("记录数", "Records").to_owned(),
    ];
    header.extend(units);
    let mut by_line = vec![header];
    for l in &report.lines {
        let name = text(&line_name(catalogue, &l.code, lang));
        let mut cells = vec![name.clone(), lang.pick("小计", "Subtotal").to_owned()];
        cells.extend(sums(&l.sums));
        by_line.push(cells);
        for k in &l.kinds {
            let mut cells = vec![name.clone(), text(catalogue.kind_name(&k.code, lang))];
            cells.extend(sums(&k.sums));
            by_line.push(cells);
        }
    }
    by_line.push(total);
    // The tables, an empty line between them.
    let tables: Vec<String> = [heading, by_org, by_line]
        .iter()
        .map(|t| table(t))
        .collect();
    format!("{BOM}{}", tables.join("\r\n"))
}

/// Records, then each unit's sum (money in 元).
fn sums(s: &Sums) -> Vec<String> {
    let mut out = vec![s.records.to_string()];
    out.extend(Unit::ALL.iter().map(|u| match u {
        Unit::MoneyFen => Fen(s.get(*u)).decimal(),
        _ => s.get(*u).to_string(),
    }));
    out
}

/// Text from the data (names): never a formula.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// Rows as CSV records, each ended by CRLF (rows may differ in length).
fn table(rows: &[Vec<String>]) -> String {
    const MEMORY: &str = "writing CSV into memory cannot fail";
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        out.write_record(row).expect(MEMORY);
    }
    let bytes = out.into_inner().expect(MEMORY);
    String::from_utf8(bytes).expect("the CSV of UTF-8 text is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        let out = table(&[vec![
            "a,b".into(),
            "say \"hi\"".into(),
            text("=1+1"),
            text("-2"),
            "plain".into(),
        ]]);
        assert_eq!(out, "\"a,b\",\"say \"\"hi\"\"\",'=1+1,'-2,plain\r\n");
    }
}
