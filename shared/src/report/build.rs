//! A report built from a [`Tally`]: totals per work line and kind, one row
//! per organisation under the report's root (its subtree rolled in), a
//! series of months, and who recorded nothing (the reporting rate). The
//! dashboard, the exports and the yearly summary all read this one shape.
#![deny(missing_docs)]

use super::tally::{Cell, Month, Tally};
use super::totals::Sums;
use crate::catalogue::{Catalogue, KindDef};
use crate::date::Period;
use crate::org::{OrgKind, OrgTree};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// What to report on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportQuery {
    /// The days reported on, both ends included.
    pub period: Period,
    /// The organisation whose subtree is reported.
    pub root: Uuid,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// What was asked.
    pub query: ReportQuery,
    /// The root organisation's name.
    pub root_name: String,
    /// The catalogue version the report's names and units come from.
    pub catalogue_version: u32,
    /// Everything under the root.
    pub all: Sums,
    /// Per work line, in catalogue order (lines with nothing included);
    /// kinds the catalogue does not know under the empty code, last.
    pub lines: Vec<LineReport>,
    /// The root's own entries first, then one row per organisation directly
    /// under it, each with its whole subtree.
    pub orgs: Vec<OrgRow>,
    /// Every month the period touches, in order.
    pub months: Vec<MonthRow>,
    /// Organisations of the subtree (below the root, not retired) with no
    /// entry in the period, themselves or below them: whom to call.
    pub silent: Vec<SilentOrg>,
    /// How many organisations below the root could have recorded (the
    /// reporting rate is `(reporting - silent) / reporting`).
    pub expected: u64,
}

/// One work line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineReport {
    /// The work line's code (empty for kinds the catalogue does not know).
    pub code: String,
    /// The line's totals by unit.
    pub sums: Sums,
    /// Kinds with at least one entry, in catalogue order.
    pub kinds: Vec<KindReport>,
}

/// One kind: its raw cell (counts by key, entries by level, committee
/// changes by type) and the sums by unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KindReport {
    /// The kind's code.
    pub code: String,
    /// Its raw sums: counts by key, entries by level, committee changes by type.
    pub cell: Cell,
    /// Its totals by unit.
    pub sums: Sums,
}

/// One row of the per-organisation table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgRow {
    /// The organisation.
    pub org_id: Uuid,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: OrgKind,
    /// The root's own entries (not its subtree's).
    pub own: bool,
    /// Its totals by unit (its subtree's, unless `own`).
    pub sums: Sums,
    /// Entries per work line code.
    pub records_by_line: BTreeMap<String, u64>,
    /// The raw cell of each kind with entries (by kind code): the
    /// per-organisation tables of the exports.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub kinds: BTreeMap<String, Cell>,
}

/// One month of the series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthRow {
    /// The month.
    pub month: Month,
    /// Its totals by unit.
    pub sums: Sums,
    /// Entries per work line code.
    pub records_by_line: BTreeMap<String, u64>,
}

/// An organisation that recorded nothing in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SilentOrg {
    /// The organisation.
    pub org_id: Uuid,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: OrgKind,
    /// Where it sits, from the root's child down ("河湾社区妇联 / 广场舞队妇女小组").
    pub path: String,
}

impl Report {
    /// Builds the report of `query` from a tally; cells outside the root's
    /// subtree or the period are left out, so a tally may hold more.
    pub fn build(
        query: ReportQuery,
        tally: &Tally,
        catalogue: &Catalogue,
        tree: &OrgTree,
    ) -> Report {
        let subtree = tree.subtree(&query.root);
        // Which row each organisation of the subtree adds to.
        let mut row_of: HashMap<Uuid, usize> = HashMap::new();
        let mut orgs = Vec::new();
        if let Some(root) = subtree.first() {
            row_of.insert(root.id, 0);
            orgs.push(OrgRow::new(root.id, &root.name, root.kind, true));
        }
        for child in subtree.iter().filter(|o| o.parent_id == Some(query.root)) {
            let row = orgs.len();
            orgs.push(OrgRow::new(child.id, &child.name, child.kind, false));
            for o in tree.subtree(&child.id) {
                row_of.insert(o.id, row);
            }
        }
        let months_span = Month::span(query.period);
        let mut months: Vec<MonthRow> = months_span
            .iter()
            .map(|&month| MonthRow {
                month,
                sums: Sums::default(),
                records_by_line: BTreeMap::new(),
            })
            .collect();
        let mut kinds: BTreeMap<&str, Cell> = BTreeMap::new();
        let mut active: HashMap<Uuid, u64> = HashMap::new();
        // A year over a subdistrict has some 100,000 cells: look each kind
        // up once (the first definition of a code, as `Catalogue::kind`).
        let mut defs: HashMap<&str, &KindDef> = HashMap::new();
        for def in &catalogue.kinds {
            defs.entry(def.code.as_str()).or_insert(def);
        }
        let first = Month::of(query.period.from);
        let last = Month::of(query.period.to);
        for (key, cell) in &tally.cells {
            let Some(&row) = row_of.get(&key.org_id) else {
                continue;
            };
            if key.month < first || key.month > last {
                continue;
            }
            let def = defs.get(key.kind.as_str()).copied();
            let line = def.map_or("", |d| d.line.as_str());
            let records = cell.records();
            kinds.entry(key.kind.as_str()).or_default().absorb(cell);
            if let Some(org) = orgs.get_mut(row) {
                org.sums.add_cell(cell, def);
                bump(&mut org.records_by_line, line, records);
                match org.kinds.get_mut(&key.kind) {
                    Some(c) => c.absorb(cell),
                    None => {
                        org.kinds.insert(key.kind.clone(), cell.clone());
                    }
                }
            }
            if let Some(m) = months.iter_mut().find(|m| m.month == key.month) {
                m.sums.add_cell(cell, def);
                bump(&mut m.records_by_line, line, records);
            }
            *active.entry(key.org_id).or_default() += records;
        }

        // Lines in catalogue order, their kinds in catalogue order; kinds the
        // catalogue does not know last, under the empty line code.
        let mut lines: Vec<LineReport> = catalogue
            .lines
            .iter()
            .map(|l| LineReport {
                code: l.code.clone(),
                sums: Sums::default(),
                kinds: Vec::new(),
            })
            .collect();
        let mut all = Sums::default();
        let mut unknown = LineReport {
            code: String::new(),
            sums: Sums::default(),
            kinds: Vec::new(),
        };
        for def in &catalogue.kinds {
            let Some(cell) = kinds.remove(def.code.as_str()) else {
                continue;
            };
            let mut sums = Sums::default();
            sums.add_cell(&cell, Some(def));
            all.add_cell(&cell, Some(def));
            let line = lines.iter_mut().find(|l| l.code == def.line);
            let target = match line {
                Some(l) => l,
                None => &mut unknown,
            };
            target.sums.add_cell(&cell, Some(def));
            target.kinds.push(KindReport {
                code: def.code.clone(),
                cell,
                sums,
            });
        }
        for (code, cell) in kinds {
            let mut sums = Sums::default();
            sums.add_cell(&cell, None);
            all.add_cell(&cell, None);
            unknown.sums.add_cell(&cell, None);
            unknown.kinds.push(KindReport {
                code: code.to_owned(),
                cell,
                sums,
            });
        }
        if !unknown.kinds.is_empty() {
            lines.push(unknown);
        }

        // Who recorded nothing: an organisation is active when it or any
        // organisation below it has an entry.
        let mut silent = Vec::new();
        let mut expected = 0;
        for org in subtree.iter().skip(1).filter(|o| !o.retired) {
            expected += 1;
            let recorded = tree
                .subtree(&org.id)
                .iter()
                .any(|o| active.get(&o.id).is_some_and(|n| *n > 0));
            if !recorded {
                let path = tree
                    .path(&org.id)
                    .iter()
                    .skip_while(|o| o.id != query.root)
                    .skip(1)
                    .map(|o| o.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" / ");
                silent.push(SilentOrg {
                    org_id: org.id,
                    name: org.name.clone(),
                    kind: org.kind,
                    path,
                });
            }
        }

        Report {
            query,
            root_name: subtree.first().map(|o| o.name.clone()).unwrap_or_default(),
            catalogue_version: catalogue.version,
            all,
            lines,
            orgs,
            months,
            silent,
            expected,
        }
    }

    /// The line with this code.
    pub fn line(&self, code: &str) -> Option<&LineReport> {
        self.lines.iter().find(|l| l.code == code)
    }

    /// The share of organisations below the root that recorded something,
    /// in per mille, rounded (`None` when there are none).
    pub fn reporting_permille(&self) -> Option<u64> {
        let silent = self.silent.len() as u64;
        (self.expected > 0)
            .then(|| rounded_permille(self.expected - silent.min(self.expected), self.expected))
    }
}

/// `part / whole` in per mille, rounded half up (11 of 12: 917, shown
/// 91.7 %), except that a share short of all never reads 1000 and a share
/// above none never reads 0: "100.0 %" would say nobody is missing. `whole`
/// must not be 0.
pub fn rounded_permille(part: u64, whole: u64) -> u64 {
    let rounded = (part * 1000 + whole / 2) / whole;
    match part {
        0 => 0,
        p if p >= whole => 1000,
        _ => rounded.clamp(1, 999),
    }
}

/// Adds `n` to `map[key]`, copying the key only when it is new.
fn bump(map: &mut BTreeMap<String, u64>, key: &str, n: u64) {
    match map.get_mut(key) {
        Some(sum) => *sum += n,
        None => {
            map.insert(key.to_owned(), n);
        }
    }
}

impl OrgRow {
    fn new(org_id: Uuid, name: &str, kind: OrgKind, own: bool) -> OrgRow {
        OrgRow {
            org_id,
            name: name.to_owned(),
            kind,
            own,
            sums: Sums::default(),
            records_by_line: BTreeMap::new(),
            kinds: BTreeMap::new(),
        }
    }
}

impl LineReport {
    /// The kind with this code.
    pub fn kind(&self, code: &str) -> Option<&KindReport> {
        self.kinds.iter().find(|k| k.code == code)
    }
}

#[cfg(test)]
#[path = "build_tests.rs"]
mod tests;
