//! Totals of a set of entries over a period: how many records, and the sum of
//! every count by its unit (sessions, attendances, households, money in fen…),
//! overall and per work line. The phone computes its own organisation's
//! totals with this, offline; the office's reports build on the same sums.
//!
//! A committee change counts one person (名); an honour counts one of its
//! kind's unit (户 or 名). Tombstones count nothing.

use crate::catalogue::{Catalogue, Shape, Unit};
use crate::date::LocalDate;
use crate::entry::Entry;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A range of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    pub from: LocalDate,
    pub to: LocalDate,
}

impl Period {
    /// The calendar month of `day`.
    pub fn month_of(day: LocalDate) -> Period {
        let from = LocalDate::new(day.year(), day.month(), 1).unwrap_or(day);
        let next = if day.month() == 12 {
            LocalDate::new(day.year() + 1, 1, 1)
        } else {
            LocalDate::new(day.year(), day.month() + 1, 1)
        };
        Period {
            from,
            to: next.map_or(day, |n| n.add_days(-1)),
        }
    }

    /// The calendar quarter of `day` (January–March, …).
    pub fn quarter_of(day: LocalDate) -> Period {
        let first_month = (day.month() - 1) / 3 * 3 + 1;
        let from = LocalDate::new(day.year(), first_month, 1).unwrap_or(day);
        let last = Period::month_of(LocalDate::new(day.year(), first_month + 2, 1).unwrap_or(day));
        Period { from, to: last.to }
    }

    /// The calendar year of `day`.
    pub fn year_of(day: LocalDate) -> Period {
        let y = day.year();
        Period {
            from: LocalDate::new(y, 1, 1).unwrap_or(day),
            to: LocalDate::new(y, 12, 31).unwrap_or(day),
        }
    }

    /// Whether an entry dated `day` falls in the period (an entry belongs to
    /// the day it started, so a span is never counted twice).
    pub fn contains(&self, day: LocalDate) -> bool {
        self.from <= day && day <= self.to
    }
}

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
    fn add(&mut self, entry: &Entry, catalogue: &Catalogue) {
        self.records += 1;
        let Some(def) = catalogue.kind(&entry.kind) else {
            return;
        };
        for c in &def.counts {
            let v = entry.count(&c.key);
            if v > 0 {
                *self.by_unit.entry(c.unit).or_default() += v;
            }
        }
        match def.shape {
            Shape::Activity => {}
            Shape::Member => *self.by_unit.entry(Unit::Persons).or_default() += 1,
            Shape::Honour { unit } => *self.by_unit.entry(unit).or_default() += 1,
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
    pub all: Sums,
    pub by_line: BTreeMap<String, Sums>,
}

/// The totals of `entries` dated within `period`.
pub fn totals<'a>(
    entries: impl IntoIterator<Item = &'a Entry>,
    catalogue: &Catalogue,
    period: Period,
) -> Totals {
    let mut t = Totals::default();
    for e in entries {
        if e.deleted || !period.contains(e.date) {
            continue;
        }
        t.all.add(e, catalogue);
        let line = catalogue
            .kind(&e.kind)
            .map_or_else(String::new, |k| k.line.clone());
        t.by_line.entry(line).or_default().add(e, catalogue);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue_default::default_catalogue;
    use crate::entry::{MemberChange, Person};
    use crate::fixtures::sample_entry;

    fn d(s: &str) -> LocalDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods() {
        assert_eq!(
            Period::month_of(d("2024-02-10")),
            Period {
                from: d("2024-02-01"),
                to: d("2024-02-29")
            }
        );
        assert_eq!(Period::month_of(d("2023-12-31")).to, d("2023-12-31"));
        assert_eq!(
            Period::quarter_of(d("2024-02-10")),
            Period {
                from: d("2024-01-01"),
                to: d("2024-03-31")
            }
        );
        assert_eq!(Period::quarter_of(d("2023-12-31")).from, d("2023-10-01"));
        assert_eq!(Period::quarter_of(d("2023-04-01")).to, d("2023-06-30"));
        assert_eq!(Period::year_of(d("2023-06-01")).from, d("2023-01-01"));
        assert!(Period::year_of(d("2023-06-01")).contains(d("2023-12-31")));
        assert!(!Period::year_of(d("2023-06-01")).contains(d("2024-01-01")));
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
