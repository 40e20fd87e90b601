//! The yearly summary: a draft text — an opening paragraph, one paragraph
//! per work line, in the federation's own phrasing ("累计开展宣讲80余场，参与
//! 党员干部群众4000余人次"), then the sections the office writes itself
//! (存在问题, 下一步打算; see [`super::opening`]). The office edits the draft
//! before exporting it; this only writes it.
//!
//! Each kind's sentence comes from its catalogue [`crate::catalogue::Phrase`] template, so a
//! deployment rewords it as data. Placeholders:
//! - `{kind}`: the kind's name;
//! - `{<count key>}` (`{sessions}`, `{funds_fen}`…): that count's total,
//!   written by [`figure`] ("80余场", "1.5万元");
//! - `{records}`: how many entries, in the kind's unit for honours (户/人)
//!   and committee changes (名), else 次;
//! - `{~joined}`, `{~left}`, `{~replaced}`: committee changes of that type;
//! - `{levels}`: the entries held or given above the subdistrict
//!   ("（其中市级1户）"), or nothing.
//!
//! A clause (between "，" in Chinese, ", " in English) whose figures are all
//! zero is left out; a kind without a template lists its figures.

use super::build::{KindReport, Report};
use super::figure::figure;
use super::opening::{closing_sections, is_whole_year, opening, zh_numeral, SectionPrompt};
use crate::catalogue::{Catalogue, KindDef, Shape, Unit};
use crate::entry::{Level, MemberChange};
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// A draft summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub title: String,
    /// The opening: period, organisation, headline figures, who recorded.
    pub opening: String,
    pub paragraphs: Vec<Paragraph>,
    /// The sections after the work lines, empty for the office to write.
    pub sections: Vec<SectionPrompt>,
}

/// One work line's paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub heading: String,
    pub text: String,
}

impl Summary {
    /// The body of the draft (opening and work lines) as plain text,
    /// paragraphs separated by blank lines.
    pub fn body_text(&self) -> String {
        let mut out = format!("{}\n", self.opening);
        for p in &self.paragraphs {
            out.push_str(&format!("\n{}\n{}\n", p.heading, p.text));
        }
        out
    }

    /// The whole draft as plain text: title, body, the sections' headings.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n\n{}", self.title, self.body_text());
        for s in &self.sections {
            out.push_str(&format!("\n{}\n", s.heading));
        }
        out
    }
}

/// Writes the draft summary of `report` in `lang`.
pub fn summary(report: &Report, catalogue: &Catalogue, lang: Lang) -> Summary {
    let period = report.query.period;
    let whole_year = is_whole_year(report);
    let title = match (lang, whole_year) {
        (Lang::Zh, true) => format!(
            "{}{}年工作总结（草稿）",
            report.root_name,
            period.from.year()
        ),
        (Lang::Zh, false) => format!(
            "{}工作总结（{}至{}）（草稿）",
            report.root_name, period.from, period.to
        ),
        (Lang::En, true) => format!(
            "{}: summary of work in {} (draft)",
            report.root_name,
            period.from.year()
        ),
        (Lang::En, false) => format!(
            "{}: summary of work, {} to {} (draft)",
            report.root_name, period.from, period.to
        ),
    };
    let opening = opening(report, lang);
    let mut paragraphs = Vec::new();
    for line in report.lines.iter().filter(|l| l.sums.records > 0) {
        let name = catalogue.line(&line.code).map_or_else(
            || lang.pick("其他", "Other").to_owned(),
            |l| l.name(lang).to_owned(),
        );
        let sentences: Vec<String> = line
            .kinds
            .iter()
            .filter_map(|k| sentence(k, catalogue.kind(&k.code), lang))
            .collect();
        if sentences.is_empty() {
            continue;
        }
        let n = paragraphs.len();
        let (heading, text) = match lang {
            Lang::Zh => (
                format!("{}、{}", zh_numeral(n + 1), name),
                format!("{}。", sentences.join("；")),
            ),
            Lang::En => (
                format!("{}. {}", n + 1, name),
                format!("{}.", sentences.join("; ")),
            ),
        };
        paragraphs.push(Paragraph { heading, text });
    }
    let sections = closing_sections(paragraphs.len() + 1, lang);
    Summary {
        title,
        opening,
        paragraphs,
        sections,
    }
}

/// One kind's sentence, or `None` when it has nothing to say.
fn sentence(kind: &KindReport, def: Option<&KindDef>, lang: Lang) -> Option<String> {
    if kind.cell.records() == 0 {
        return None;
    }
    let template = def
        .and_then(|d| d.phrase.get(lang).map(str::to_owned))
        .unwrap_or_else(|| generic_template(def, lang));
    let sep = lang.pick("，", ", ");
    let clauses: Vec<String> = template
        .split(sep)
        .filter_map(|clause| render_clause(clause, kind, def, lang))
        .collect();
    (!clauses.is_empty()).then(|| clauses.join(sep))
}

/// The template of a kind without one: its name and each count's figure.
fn generic_template(def: Option<&KindDef>, lang: Lang) -> String {
    let Some(def) = def else {
        return match lang {
            Lang::Zh => "{kind}：{records}".into(),
            Lang::En => "{kind}: {records}".into(),
        };
    };
    if def.counts.is_empty() {
        return match lang {
            Lang::Zh => "{kind}{records}{levels}".into(),
            Lang::En => "{kind}: {records}{levels}".into(),
        };
    }
    let mut clauses = Vec::new();
    for (i, c) in def.counts.iter().enumerate() {
        clauses.push(match (lang, i) {
            (Lang::Zh, 0) => format!("开展{{kind}}{{{}}}", c.key),
            (Lang::Zh, _) => format!("{}{{{}}}", c.zh, c.key),
            (Lang::En, 0) => format!("{{kind}}: {{{}}}", c.key),
            (Lang::En, _) => format!("{} {{{}}}", c.en.to_lowercase(), c.key),
        });
    }
    clauses.join(lang.pick("，", ", "))
}

/// Fills one clause; `None` when its figures are all zero.
fn render_clause(
    clause: &str,
    kind: &KindReport,
    def: Option<&KindDef>,
    lang: Lang,
) -> Option<String> {
    let mut out = String::new();
    let mut rest = clause;
    let mut figures = 0;
    let mut nonzero = 0;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let name = &after[..end];
        match value(name, kind, def, lang) {
            Value::Text(t) => out.push_str(&t),
            Value::Figure(n, unit) => {
                figures += 1;
                if n > 0 {
                    nonzero += 1;
                }
                out.push_str(&figure(n, unit, lang));
            }
            Value::Unknown => out.push_str(&rest[start..start + end + 2]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    (figures == 0 || nonzero > 0).then_some(out)
}

enum Value {
    Text(String),
    Figure(u64, Unit),
    Unknown,
}

fn value(name: &str, kind: &KindReport, def: Option<&KindDef>, lang: Lang) -> Value {
    let records = kind.cell.records();
    let record_unit = def.map_or(Unit::Times, |d| match d.shape {
        Shape::Activity => Unit::Times,
        Shape::Member => Unit::Persons,
        Shape::Honour { unit } => unit,
    });
    match name {
        "kind" => Value::Text(def.map_or_else(|| kind.code.clone(), |d| d.name(lang).to_owned())),
        "records" => Value::Figure(records, record_unit),
        "levels" => Value::Text(levels(kind, record_unit, lang)),
        _ => {
            if let Some(change) = name.strip_prefix('~').and_then(MemberChange::from_code) {
                let n = kind.cell.changes.get(&change).copied().unwrap_or(0);
                return Value::Figure(n, Unit::Persons);
            }
            match def.and_then(|d| d.count(name)) {
                Some(c) => Value::Figure(kind.cell.counts.get(name).copied().unwrap_or(0), c.unit),
                None => Value::Unknown,
            }
        }
    }
}

/// "（其中省级1场、市级3场）": entries above the subdistrict, highest first.
fn levels(kind: &KindReport, unit: Unit, lang: Lang) -> String {
    let parts: Vec<String> = [Level::Province, Level::City, Level::County]
        .into_iter()
        .filter_map(|l| {
            let n = kind.cell.by_level.get(&l).copied().unwrap_or(0);
            (n > 0).then(|| match lang {
                Lang::Zh => format!("{}{}", l.label(lang), figure(n, unit, lang)),
                Lang::En => format!("{} at {} level", figure(n, unit, lang), l.code()),
            })
        })
        .collect();
    if parts.is_empty() {
        return String::new();
    }
    match lang {
        Lang::Zh => format!("（其中{}）", parts.join("、")),
        Lang::En => format!(" (of which {})", parts.join(", ")),
    }
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
