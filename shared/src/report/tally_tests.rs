use super::*;
use crate::entry::Person;
use crate::fixtures::{arb, sample_entry};
use proptest::prelude::*;

fn d(s: &str) -> LocalDate {
    s.parse().unwrap()
}

#[test]
fn months_parse_print_and_span() {
    let m: Month = "2023-07".parse().unwrap();
    assert_eq!(m.to_string(), "2023-07");
    assert_eq!(m.first_day(), d("2023-07-01"));
    assert_eq!(m.last_day(), d("2023-07-31"));
    assert_eq!(
        "2024-02".parse::<Month>().unwrap().last_day(),
        d("2024-02-29")
    );
    assert_eq!(
        "2023-12".parse::<Month>().unwrap().next().to_string(),
        "2024-01"
    );
    for bad in ["2023-13", "2023-00", "23-01", "2023-1", "2023", "x-01"] {
        assert!(bad.parse::<Month>().is_err(), "{bad}");
    }
    let span = Month::span(Period {
        from: d("2023-11-15"),
        to: d("2024-02-01"),
    });
    let names: Vec<String> = span.iter().map(ToString::to_string).collect();
    assert_eq!(names, ["2023-11", "2023-12", "2024-01", "2024-02"]);
}

#[test]
fn an_entry_adds_its_level_counts_and_change() {
    let mut e = sample_entry(3);
    e.counts = [("sessions".into(), 2), ("participants".into(), 0)].into();
    e.level = Level::City;
    e.person = Some(Person {
        name: "李红".into(),
        change: Some(MemberChange::Replaced),
        replaces: "王芳".into(),
        reason: "不能履职".into(),
    });
    let t = Tally::of_entries([&e], Period::year_of(e.date));
    let cell = t.cells.values().next().unwrap();
    assert_eq!(cell.records(), 1);
    assert_eq!(cell.by_level[&Level::City], 1);
    assert_eq!(
        cell.counts.get("participants"),
        None,
        "zero sums are not kept"
    );
    assert_eq!(cell.counts["sessions"], 2);
    assert_eq!(cell.changes[&MemberChange::Replaced], 1);
}

#[test]
fn tombstones_and_other_periods_add_nothing() {
    let mut gone = sample_entry(1);
    gone.deleted = true;
    let t = Tally::of_entries([&gone, &sample_entry(2)], Period::year_of(d("2022-06-01")));
    assert!(t.cells.is_empty());
}

#[test]
fn bad_rows_are_refused() {
    let row = |key: &str, value| TallyRow {
        month: "2023-01".parse().unwrap(),
        org_id: Uuid::nil(),
        kind: "lecture".into(),
        key: key.into(),
        value,
    };
    let mut t = Tally::default();
    assert!(matches!(
        t.add_row(row("sessions", -1)),
        Err(TallyError::Negative { .. })
    ));
    assert!(matches!(
        t.add_row(row("@galaxy", 1)),
        Err(TallyError::UnknownKey(_))
    ));
    assert!(matches!(
        t.add_row(row("~promoted", 1)),
        Err(TallyError::UnknownKey(_))
    ));
    t.add_row(row("sessions", 0)).unwrap();
    assert!(t.cells.is_empty(), "a zero row adds no cell");
}

proptest! {
    /// Rows are a faithful form of a tally: a tally rebuilt from its rows,
    /// in any order and split anywhere, is the same tally.
    #[test]
    fn rows_round_trip(entries in proptest::collection::vec(arb::valid_entry(), 0..40), split in 0usize..200) {
        let all = Period { from: d("2000-01-01"), to: d("2100-12-31") };
        let t = Tally::of_entries(&entries, all);
        let rows = t.rows();
        let (a, b) = rows.split_at(split.min(rows.len()));
        let mut back = Tally::default();
        for r in b.iter().chain(a).cloned() {
            back.add_row(r).unwrap();
        }
        prop_assert_eq!(&back, &t);
        // …also added a cell at a time, with zero rows among them.
        let mut by_cell = Tally::default();
        for (key, cell_rows) in &rows.iter().fold(
            std::collections::BTreeMap::<CellKey, Vec<(&str, i64)>>::new(),
            |mut m, r| {
                let key = CellKey { month: r.month, org_id: r.org_id, kind: r.kind.clone() };
                let sums = m.entry(key).or_default();
                sums.push((r.key.as_str(), r.value));
                sums.push((r.key.as_str(), 0));
                m
            },
        ) {
            by_cell.add_cell(key.month, key.org_id, &key.kind, cell_rows.iter().copied()).unwrap();
        }
        prop_assert_eq!(&by_cell, &t);
        // …and merging two halves of the entries gives the whole.
        let (x, y) = entries.split_at(entries.len() / 2);
        let mut merged = Tally::of_entries(x, all);
        merged.merge(&Tally::of_entries(y, all));
        prop_assert_eq!(&merged, &t);
        let mut appended = Tally::of_entries(x, all);
        appended.append(Tally::of_entries(y, all));
        prop_assert_eq!(&appended, &t);
        // …and tallies of different periods join in one pass.
        let mid = Period { from: d("2000-01-01"), to: d("2012-12-31") };
        let late = Period { from: d("2013-01-01"), to: d("2100-12-31") };
        let mut joined = Tally::of_entries(&entries, late);
        joined.append(Tally::of_entries(&entries, mid));
        prop_assert_eq!(joined, t);
    }
}
