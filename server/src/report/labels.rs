//! The words of the exported files — Simplified Chinese by default, English
//! on request — and the columns a kind's figures fill: its entries, each
//! count of the catalogue with its unit, and committee changes by type.
//! Names of lines, kinds and counts come from the catalogue (data); only the
//! files' own headers are here.

use axum::http::HeaderValue;
use shared::catalogue::{Catalogue, Shape, Unit};
use shared::entry::MemberChange;
use shared::report::build::{KindReport, OrgRow, Report};
use shared::report::tally::Cell;
use shared::Lang;

/// The header of a column of sums in `unit`: "场次", "金额（元）".
pub fn unit_header(unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Sessions => lang.pick("场次", "Sessions"),
        Unit::Times => lang.pick("次数", "Times"),
        Unit::Attendances => lang.pick("参与人次", "Attendances"),
        Unit::People => lang.pick("人数", "People"),
        Unit::Households => lang.pick("户数", "Households"),
        Unit::Persons => lang.pick("人员数", "Persons"),
        Unit::Organisations => lang.pick("组织数", "Organisations"),
        Unit::Documents => lang.pick("文件数", "Documents"),
        Unit::MoneyFen => lang.pick("金额（元）", "Amount (yuan)"),
    }
    .to_owned()
}

/// "参与人数（人次）", "Participants (attendances)".
pub fn with_unit(label: &str, unit: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{label}（{unit}）"),
        Lang::En => format!("{label} ({unit})"),
    }
}

/// A work line's name; kinds the catalogue does not know sit under the empty code.
pub fn line_name(catalogue: &Catalogue, code: &str, lang: Lang) -> String {
    match catalogue.line(code) {
        Some(line) => line.name(lang).to_owned(),
        None if code.is_empty() => lang
            .pick("目录外的类型", "Kinds not in the catalogue")
            .to_owned(),
        None => code.to_owned(),
    }
}

/// A row of the per-organisation table: the root's own entries are marked.
pub fn org_name(row: &OrgRow, lang: Lang) -> String {
    if row.own {
        match lang {
            Lang::Zh => format!("{}（本级）", row.name),
            Lang::En => format!("{} (own entries)", row.name),
        }
    } else {
        row.name.clone()
    }
}

/// "平邑街道妇联工作报表（2023-01-01至2023-12-31）".
pub fn title(report: &Report, lang: Lang) -> String {
    let p = report.query.period;
    match lang {
        Lang::Zh => format!("{}工作报表（{}至{}）", report.root_name, p.from, p.to),
        Lang::En => format!("{}: report, {} to {}", report.root_name, p.from, p.to),
    }
}

/// What a column of a kind shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    Records,
    Count(String),
    Change(MemberChange),
}

/// One column of a kind's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub label: String,
    /// The measure word ("场", "元"), or "" when unknown.
    pub unit: String,
    /// Money: the value is fen, shown in 元.
    pub money: bool,
    source: Source,
}

impl Column {
    /// The column's value in `cell` (fen for money).
    pub fn value(&self, cell: &Cell) -> u64 {
        match &self.source {
            Source::Records => cell.records(),
            Source::Count(key) => cell.counts.get(key).copied().unwrap_or(0),
            Source::Change(c) => cell.changes.get(c).copied().unwrap_or(0),
        }
    }

    /// "参与人数（人次）", or the bare label when the unit is unknown or
    /// says the same ("Times").
    pub fn header(&self, lang: Lang) -> String {
        if self.unit.is_empty() || self.unit.eq_ignore_ascii_case(&self.label) {
            self.label.clone()
        } else {
            with_unit(&self.label, &self.unit, lang)
        }
    }
}

/// The columns of `kind`: its entries; each count its catalogue definition
/// lists (a kind the catalogue does not know: each key it has); committee
/// changes by type.
pub fn kind_columns(catalogue: &Catalogue, kind: &KindReport, lang: Lang) -> Vec<Column> {
    let mut out = vec![Column {
        label: lang.pick("记录数", "Records").to_owned(),
        unit: lang.pick("条", "entries").to_owned(),
        money: false,
        source: Source::Records,
    }];
    let Some(def) = catalogue.kind(&kind.code) else {
        out.extend(kind.cell.counts.keys().map(|key| Column {
            label: key.clone(),
            unit: String::new(),
            money: false,
            source: Source::Count(key.clone()),
        }));
        return out;
    };
    out.extend(def.counts.iter().map(|c| Column {
        label: c.label(lang).to_owned(),
        unit: c.unit.measure_word(lang).to_owned(),
        money: c.unit == Unit::MoneyFen,
        source: Source::Count(c.key.clone()),
    }));
    if def.shape == Shape::Member {
        out.extend(MemberChange::ALL.into_iter().map(|c| Column {
            label: c.label(lang).to_owned(),
            unit: Unit::Persons.measure_word(lang).to_owned(),
            money: false,
            source: Source::Change(c),
        }));
    }
    out
}

/// `Content-Disposition: attachment` naming the file `fallback` (ASCII, for
/// old clients) and `name` (UTF-8, RFC 6266 / 5987 `filename*`).
pub fn attachment(fallback: &str, name: &str) -> HeaderValue {
    let clean: String = name
        .chars()
        .filter(|c| !c.is_control() && !"/\\:*?\"<>|".contains(*c))
        .take(120)
        .collect();
    let mut encoded = String::new();
    for b in clean.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    let ascii: String = fallback
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-._".contains(*c))
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or(HeaderValue::from_static("attachment"))
}

/// A file name for `report` with extension `ext`: (ASCII fallback, UTF-8 name).
pub fn file_names(report: &Report, lang: Lang, ext: &str) -> (String, String) {
    let p = report.query.period;
    let fallback = format!("jinguo-report-{}-{}.{ext}", p.from, p.to);
    let name = match lang {
        Lang::Zh => format!("{}工作报表_{}至{}.{ext}", report.root_name, p.from, p.to),
        Lang::En => format!("{} report {} to {}.{ext}", report.root_name, p.from, p.to),
    };
    (fallback, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_have_an_ascii_fallback_and_a_utf8_name() {
        let v = attachment("jinguo-report.csv", "平邑 报表/1.csv");
        let s = v.to_str().unwrap();
        assert_eq!(
            s,
            "attachment; filename=\"jinguo-report.csv\"; \
             filename*=UTF-8''%E5%B9%B3%E9%82%91%20%E6%8A%A5%E8%A1%A81.csv"
        );
    }
}
