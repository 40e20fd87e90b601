//! Sums by unit — how many records, and every count summed in its unit
//! (sessions, attendances, households, money in fen…) — and the home
//! screen's totals, overall and per work line. Everything here is folded
//! from a [`Tally`]'s cells, so the phone's totals and the office's reports
//! count by one rule: a committee change counts one person (名), an honour
//! one of its kind's unit (户 or 名), tombstones nothing.
#![deny(missing_docs)]

use super::tally::{Cell, Tally};
use crate::catalogue::{Catalogue, KindDef, Shape, Unit};
use crate::date::Period;
use crate::entry::Entry;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Sums of one group of entries.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sums {
    /// How many entries.
    pub records: u64,
    /// Every count summed by its unit.
    pub by_unit: BTreeMap<Unit, u64>,
}

impl Sums {
    /// Adds one cell of a kind (the catalogue's definition, if known): its
    /// entries, each count in its unit, and one person or household per
    /// committee change or honour.
    pub fn add_cell(&mut self, cell: &Cell, def: Option<&KindDef>) {
        let records = cell.records();
        self.records += records;
        let Some(def) = def else { return };
        for c in &def.counts {
            if let Some(v) = cell.counts.get(&c.key).filter(|v| **v > 0) {
                *self.by_unit.entry(c.unit).or_default() += v;
            }
        }
        let per_record = match def.shape {
            Shape::Activity => None,
            Shape::Member => Some(Unit::Persons),
            Shape::Honour { unit } => Some(unit),
        };
        if let Some(unit) = per_record.filter(|_| records > 0) {
            *self.by_unit.entry(unit).or_default() += records;
        }
    }

    /// The sum in `unit` (0 when nothing counted it).
    pub fn get(&self, unit: Unit) -> u64 {
        self.by_unit.get(&unit).copied().unwrap_or(0)
    }
}

/// Totals overall and per work line (by the line's code; entries of a kind
/// the catalogue does not know go under the empty code).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// Everything counted.
    pub all: Sums,
    /// Per work line code.
    pub by_line: BTreeMap<String, Sums>,
}

/// The totals of `entries` dated within `period`: their tally, summed.
pub fn totals<'a>(
    entries: impl IntoIterator<Item = &'a Entry>,
    catalogue: &Catalogue,
    period: Period,
) -> Totals {
    Totals::of_tally(&Tally::of_entries(entries, period), catalogue)
}

impl Totals {
    /// Every cell of `tally` added overall and to its kind's work line
    /// (kinds the catalogue does not know: under the empty code).
    pub fn of_tally(tally: &Tally, catalogue: &Catalogue) -> Totals {
        let mut t = Totals::default();
        for (key, cell) in &tally.cells {
            let def = catalogue.kind(&key.kind);
            t.all.add_cell(cell, def);
            let line = def.map_or_else(String::new, |k| k.line.clone());
            t.by_line.entry(line).or_default().add_cell(cell, def);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue_default::default_catalogue;
    use crate::date::LocalDate;
    use crate::entry::{MemberChange, Person};
    use crate::fixtures::sample_entry;

    fn d(s: &str) -> LocalDate {
        s.parse().unwrap()
    }

    #[test]
    fn sums_by_unit_and_line_skip_tombstones_and_other_periods() {
        let cat = default_catalogue();
        let mut lecture = sample_entry(0); // 2023-01-01, sessions 1, participants 20
        lecture.counts = [("sessions".into(), 80), ("participants".into(), 4000)].into();
        let mut visit = sample_entry(2);
        visit.counts = [("times".into(), 5), ("funds_fen".into(), 1_500_000)].into();
        let mut gone = sample_entry(4);
        gone.deleted = true;
        let mut later = sample_entry(0);
        later.date = d("2024-01-01");
        let mut honour = sample_entry(1);
        honour.kind = "honour_family".into();
        honour.counts.clear();
        honour.person = Some(Person {
            name: "张家".into(),
            ..Person::default()
        });
        let mut member = honour.clone();
        member.kind = "committee_change".into();
        member.person.as_mut().unwrap().change = Some(MemberChange::Joined);

        let all = [lecture, visit, gone, later, honour, member];
        let t = totals(&all, &cat, Period::year_of(d("2023-05-05")));
        assert_eq!(t.all.records, 4);
        assert_eq!(t.all.get(Unit::Sessions), 80);
        assert_eq!(t.all.get(Unit::Attendances), 4000);
        assert_eq!(t.all.get(Unit::Times), 5);
        assert_eq!(t.all.get(Unit::MoneyFen), 1_500_000);
        assert_eq!(t.all.get(Unit::Households), 1);
        assert_eq!(t.all.get(Unit::Persons), 1);
        assert_eq!(t.by_line["guidance"].get(Unit::Attendances), 4000);
        assert_eq!(t.by_line["care"].get(Unit::MoneyFen), 1_500_000);
        assert_eq!(t.by_line["family"].records, 1);
        assert_eq!(t.by_line["organisation"].get(Unit::Persons), 1);
    }
}
