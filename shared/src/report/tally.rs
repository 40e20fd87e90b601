//! The raw sums every report is built from: per month, organisation and
//! kind, how many entries there were (by level), the sum of each count, and
//! committee changes by type.
//!
//! Both edges make a [`Tally`] and then share everything after it
//! ([`super::build`]): the phone folds its own entries
//! ([`Tally::of_entries`]); the server reads its monthly rollup and the
//! entries of partly covered months in SQL, as [`TallyRow`]s whose `key`
//! follows the convention below, and adds them with [`Tally::add_row`] (a
//! cell's rows at once with [`Tally::add_cell`]). A server test proves both
//! give the same tally on the same entries.
//!
//! Row keys: a count key of the catalogue (`sessions`, `funds_fen`…) sums
//! that count; `@<level>` counts entries held at that level
//! (`@province`…); `~<change>` counts committee changes of that type
//! (`~replaced`…). Zero sums are never kept, so "nothing" has one form.
#![deny(missing_docs)]

use crate::date::{LocalDate, Period};
use crate::entry::{Entry, Level, MemberChange};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// The prefix of a row key counting entries by level.
pub const LEVEL_PREFIX: char = '@';
/// The prefix of a row key counting committee changes by type.
pub const CHANGE_PREFIX: char = '~';

/// A calendar month, written `2023-07`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    /// The year, e.g. 2023.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
}

impl Month {
    /// The month `day` lies in.
    pub fn of(day: LocalDate) -> Month {
        Month {
            year: day.year(),
            month: day.month(),
        }
    }

    /// Its first day.
    pub fn first_day(self) -> LocalDate {
        LocalDate::new(self.year, self.month, 1).unwrap_or(LocalDate::from_days(0))
    }

    /// Its last day.
    pub fn last_day(self) -> LocalDate {
        self.next().first_day().add_days(-1)
    }

    /// The month after it.
    pub fn next(self) -> Month {
        if self.month >= 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The months a period touches, in order.
    pub fn span(period: Period) -> Vec<Month> {
        let mut out = Vec::new();
        let last = Month::of(period.to);
        let mut m = Month::of(period.from);
        while m <= last {
            out.push(m);
            m = m.next();
        }
        out
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A month that is not `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a month (YYYY-MM): {0:?}")]
pub struct BadMonth(pub String);

impl FromStr for Month {
    type Err = BadMonth;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadMonth(s.to_owned());
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        if y.len() != 4 || m.len() != 2 || !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Where a cell of the tally sits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CellKey {
    /// The month of the entries' dates.
    pub month: Month,
    /// The organisation that ran them (not its parents).
    pub org_id: Uuid,
    /// The kind's code.
    pub kind: String,
}

/// The sums of one month × organisation × kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cell {
    /// Entries by the level they were held or given at.
    pub by_level: BTreeMap<Level, u64>,
    /// Each count key's sum (money in fen).
    pub counts: BTreeMap<String, u64>,
    /// Committee changes by type.
    pub changes: BTreeMap<MemberChange, u64>,
}

impl Cell {
    /// How many entries.
    pub fn records(&self) -> u64 {
        self.by_level.values().sum()
    }

    /// Adds another cell's sums to this one.
    pub fn absorb(&mut self, other: &Cell) {
        for (l, n) in &other.by_level {
            *self.by_level.entry(*l).or_default() += n;
        }
        for (k, n) in &other.counts {
            // Reports absorb hundreds of thousands of cells: copy a key
            // only when it is new here.
            match self.counts.get_mut(k) {
                Some(sum) => *sum += n,
                None => {
                    self.counts.insert(k.clone(), *n);
                }
            }
        }
        for (c, n) in &other.changes {
            *self.changes.entry(*c).or_default() += n;
        }
    }
}

/// One summed value as SQL returns it (see the module's key convention).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TallyRow {
    /// The month.
    pub month: Month,
    /// The organisation.
    pub org_id: Uuid,
    /// The kind's code.
    pub kind: String,
    /// A count key, or a level (`@city`) or committee change (`~joined`) after the module's key
    /// convention.
    pub key: String,
    /// The sum; never negative in a sound rollup.
    pub value: i64,
}

/// A row the tally cannot take: a sign of a damaged rollup.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TallyError {
    /// A sum below zero.
    #[error("negative sum {value} for {key:?} of {kind} in {month}")]
    Negative {
        /// The row's month.
        month: Month,
        /// The row's kind.
        kind: String,
        /// The row's key.
        key: String,
        /// The negative sum.
        value: i64,
    },
    /// A level or committee-change key that names none (the key as read).
    #[error("unknown level or change in row key {0:?}")]
    UnknownKey(String),
}

/// Where a row's value goes in its cell, after the key convention.
enum Slot<'k> {
    Level(Level),
    Change(MemberChange),
    Count(&'k str),
}

impl<'k> Slot<'k> {
    fn of(key: &'k str) -> Result<Slot<'k>, TallyError> {
        let unknown = || TallyError::UnknownKey(key.to_owned());
        if let Some(code) = key.strip_prefix(LEVEL_PREFIX) {
            Ok(Slot::Level(Level::from_code(code).ok_or_else(unknown)?))
        } else if let Some(code) = key.strip_prefix(CHANGE_PREFIX) {
            Ok(Slot::Change(
                MemberChange::from_code(code).ok_or_else(unknown)?,
            ))
        } else {
            Ok(Slot::Count(key))
        }
    }

    fn add_to(self, cell: &mut Cell, value: u64) {
        match self {
            Slot::Level(l) => *cell.by_level.entry(l).or_default() += value,
            Slot::Change(c) => *cell.changes.entry(c).or_default() += value,
            Slot::Count(k) => match cell.counts.get_mut(k) {
                Some(sum) => *sum += value,
                None => {
                    cell.counts.insert(k.to_owned(), value);
                }
            },
        }
    }
}

/// Month × organisation × kind → sums.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Every non-empty cell.
    pub cells: BTreeMap<CellKey, Cell>,
}

impl Tally {
    /// The tally of the live entries dated within `period`.
    pub fn of_entries<'a>(entries: impl IntoIterator<Item = &'a Entry>, period: Period) -> Tally {
        let mut t = Tally::default();
        for e in entries {
            if !e.deleted && period.contains(e.date) {
                t.add_entry(e);
            }
        }
        t
    }

    /// Adds one entry (the caller has checked it is live and in period).
    pub fn add_entry(&mut self, e: &Entry) {
        let cell = self
            .cells
            .entry(CellKey {
                month: Month::of(e.date),
                org_id: e.org_id,
                kind: e.kind.clone(),
            })
            .or_default();
        *cell.by_level.entry(e.level).or_default() += 1;
        for (k, v) in &e.counts {
            if *v > 0 {
                *cell.counts.entry(k.clone()).or_default() += v;
            }
        }
        if let Some(change) = e.person.as_ref().and_then(|p| p.change) {
            *cell.changes.entry(change).or_default() += 1;
        }
    }

    /// Adds one SQL row. Zero rows (a rollup emptied by edits) add nothing.
    pub fn add_row(&mut self, row: TallyRow) -> Result<(), TallyError> {
        self.add_cell(
            row.month,
            row.org_id,
            &row.kind,
            [(row.key.as_str(), row.value)],
        )
    }

    /// Adds SQL rows of one cell at once: `(key, value)` pairs of its month,
    /// organisation and kind, each as [`Tally::add_row`] would add it. For
    /// the server, whose rows come grouped by cell: the cell is looked up
    /// once and nothing is copied but the keys of new counts.
    pub fn add_cell<'k>(
        &mut self,
        month: Month,
        org_id: Uuid,
        kind: &str,
        sums: impl IntoIterator<Item = (&'k str, i64)>,
    ) -> Result<(), TallyError> {
        let mut cell = Cell::default();
        for (key, value) in sums {
            let value = u64::try_from(value).map_err(|_| TallyError::Negative {
                month,
                kind: kind.to_owned(),
                key: key.to_owned(),
                value,
            })?;
            if value > 0 {
                Slot::of(key)?.add_to(&mut cell, value);
            }
        }
        if cell != Cell::default() {
            let key = CellKey {
                month,
                org_id,
                kind: kind.to_owned(),
            };
            self.put(key, cell);
        }
        Ok(())
    }

    fn put(&mut self, key: CellKey, cell: Cell) {
        match self.cells.entry(key) {
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(cell);
            }
            std::collections::btree_map::Entry::Occupied(mut o) => o.get_mut().absorb(&cell),
        }
    }

    /// The tally as rows (the inverse of [`Tally::add_row`]).
    pub fn rows(&self) -> Vec<TallyRow> {
        let mut out = Vec::new();
        for (key, cell) in &self.cells {
            let mut push = |k: String, v: u64| {
                out.push(TallyRow {
                    month: key.month,
                    org_id: key.org_id,
                    kind: key.kind.clone(),
                    key: k,
                    value: i64::try_from(v).unwrap_or(i64::MAX),
                });
            };
            for (l, n) in &cell.by_level {
                push(format!("{LEVEL_PREFIX}{}", l.code()), *n);
            }
            for (c, n) in &cell.changes {
                push(format!("{CHANGE_PREFIX}{}", c.code()), *n);
            }
            for (k, n) in &cell.counts {
                push(k.clone(), *n);
            }
        }
        out
    }

    /// Adds all of another tally, taking its cells (no copies: for parts
    /// read separately and then put together). Tallies of different months
    /// are joined in one pass.
    pub fn append(&mut self, mut other: Tally) {
        let apart = match (
            self.cells.first_key_value(),
            self.cells.last_key_value(),
            other.cells.first_key_value(),
            other.cells.last_key_value(),
        ) {
            (Some((first, _)), Some((last, _)), Some((o_first, _)), Some((o_last, _))) => {
                last < o_first || o_last < first
            }
            _ => true,
        };
        if apart {
            self.cells.append(&mut other.cells);
        } else {
            for (key, cell) in other.cells {
                self.put(key, cell);
            }
        }
    }

    /// Adds all of another tally.
    pub fn merge(&mut self, other: &Tally) {
        for (k, c) in &other.cells {
            self.cells.entry(k.clone()).or_default().absorb(c);
        }
    }
}

#[cfg(test)]
#[path = "tally_tests.rs"]
mod tests;
