//! Native tests of the history's period choices and filters.

use super::*;

fn day(s: &str) -> LocalDate {
    s.parse().unwrap()
}

fn period(from: &str, to: &str) -> Option<Period> {
    Some(Period {
        from: day(from),
        to: day(to),
    })
}

fn with(choice: PeriodChoice) -> HistoryFilters {
    HistoryFilters {
        period: choice,
        ..HistoryFilters::default()
    }
}

#[test]
fn the_named_periods_on_a_given_day() {
    let today = day("2026-12-06");
    assert_eq!(with(PeriodChoice::All).period(today), None);
    assert_eq!(
        with(PeriodChoice::ThisMonth).period(today),
        period("2026-12-01", "2026-12-31")
    );
    assert_eq!(
        with(PeriodChoice::LastMonth).period(today),
        period("2026-11-01", "2026-11-30")
    );
    assert_eq!(
        with(PeriodChoice::ThisYear).period(today),
        period("2026-01-01", "2026-12-31")
    );
    assert_eq!(
        with(PeriodChoice::LastYear).period(today),
        period("2025-01-01", "2025-12-31")
    );
}

#[test]
fn last_month_of_january_is_last_years_december_and_february_ends_right() {
    assert_eq!(
        Some(last_month(day("2027-01-31"))),
        period("2026-12-01", "2026-12-31")
    );
    assert_eq!(
        Some(last_month(day("2024-03-31"))),
        period("2024-02-01", "2024-02-29")
    );
}

#[test]
fn a_picked_month() {
    assert_eq!(month_period("2026-02"), period("2026-02-01", "2026-02-28"));
    for bad in ["", "2026-13", "2026-2", "26-02", "2026/02", "2026-02-01"] {
        assert_eq!(month_period(bad), None, "{bad:?}");
    }
    let mut f = HistoryFilters::default();
    f.choose(PeriodChoice::Month, day("2026-12-06"));
    assert_eq!(f.month, "2026-12", "an empty picker starts at this month");
    f.month = "2025-07".into();
    f.choose(PeriodChoice::Month, day("2026-12-06"));
    assert_eq!(f.month, "2025-07", "a month already picked stays");
    assert_eq!(
        f.period(day("2026-12-06")),
        period("2025-07-01", "2025-07-31")
    );
}

#[test]
fn a_custom_range() {
    assert_eq!(
        range_period("2026-10-05", "2026-11-02"),
        period("2026-10-05", "2026-11-02")
    );
    assert_eq!(
        range_period("2026-11-02", "2026-10-05"),
        period("2026-10-05", "2026-11-02"),
        "ends the wrong way round are swapped"
    );
    assert_eq!(
        range_period("2026-10-05", ""),
        period("2026-10-05", "9999-12-31")
    );
    assert_eq!(
        range_period("", "2026-10-05"),
        period("0001-01-01", "2026-10-05")
    );
    assert_eq!(range_period("", ""), None);
    assert_eq!(range_period("2026-02-30", "nonsense"), None);
    let f = HistoryFilters {
        period: PeriodChoice::Range,
        from: "2026-11-03".into(),
        to: "2026-11-03".into(),
        ..HistoryFilters::default()
    };
    let p = f.period(day("2026-12-06")).unwrap();
    assert!(p.contains(day("2026-11-03")));
    assert!(!p.contains(day("2026-11-04")) && !p.contains(day("2026-11-02")));
}

#[test]
fn codes_round_trip_and_unknown_is_all() {
    for c in PeriodChoice::ALL {
        assert_eq!(PeriodChoice::from_code(c.code()), c);
    }
    assert_eq!(PeriodChoice::from_code("decade"), PeriodChoice::All);
}

#[test]
fn the_query_carries_every_filter_and_a_new_line_clears_the_kind() {
    let mut f = HistoryFilters {
        kind: "visit".into(),
        text: "王家".into(),
        period: PeriodChoice::LastMonth,
        ..HistoryFilters::default()
    };
    let q = f.query(day("2026-12-06"));
    assert_eq!(q.kind.as_deref(), Some("visit"));
    assert_eq!(q.line, None);
    assert_eq!(q.text, "王家");
    assert_eq!(q.period, period("2026-11-01", "2026-11-30"));
    f.choose_line("care".into());
    let q = f.query(day("2026-12-06"));
    assert_eq!((q.line.as_deref(), q.kind), (Some("care"), None));
}
