use super::*;
use crate::catalogue_default::default_catalogue;
use crate::date::LocalDate;
use crate::entry::Entry;
use crate::fixtures::{
    arb, demo_orgs, sample_entry, DEMO_HEWAN, DEMO_HEWAN_GRID, DEMO_HUTONG, DEMO_ROOT,
};
use crate::report::totals::totals;
use proptest::prelude::*;

fn d(s: &str) -> LocalDate {
    s.parse().unwrap()
}

fn report(entries: &[Entry], period: Period, root: Uuid) -> Report {
    Report::build(
        ReportQuery { period, root },
        &Tally::of_entries(entries, period),
        &default_catalogue(),
        &OrgTree::new(demo_orgs()),
    )
}

#[test]
fn rows_roll_subtrees_into_the_child_of_the_root() {
    let mut own = sample_entry(1);
    own.org_id = DEMO_ROOT;
    let mut group = sample_entry(2);
    group.org_id = DEMO_HEWAN_GRID; // under 河湾社区
    let mut hewan = sample_entry(3);
    hewan.org_id = DEMO_HEWAN;
    let r = report(
        &[own, group, hewan],
        Period::year_of(d("2023-01-01")),
        DEMO_ROOT,
    );
    assert!(r.orgs[0].own && r.orgs[0].org_id == DEMO_ROOT);
    assert_eq!(r.orgs[0].sums.records, 1);
    let row = r.orgs.iter().find(|o| o.org_id == DEMO_HEWAN).unwrap();
    assert_eq!(row.sums.records, 2);
    assert!(
        !r.orgs.iter().any(|o| o.org_id == DEMO_HEWAN_GRID),
        "groups sit inside their community's row"
    );
    assert_eq!(r.orgs.iter().map(|o| o.sums.records).sum::<u64>(), 3);
    // 河湾 recorded (through its grid group), but its other two groups did not.
    assert!(!r
        .silent
        .iter()
        .any(|s| s.org_id == DEMO_HEWAN || s.org_id == DEMO_HEWAN_GRID));
    let dance = r.silent.iter().find(|s| s.name.contains("广场舞")).unwrap();
    assert_eq!(dance.path, "河湾社区妇联 / 河湾社区广场舞队妇女小组");
    assert_eq!(r.expected, 12);
    assert_eq!(
        r.reporting_permille(),
        Some(super::rounded_permille(12 - r.silent.len() as u64, 12))
    );
}

#[test]
fn the_reporting_rate_is_rounded_and_never_overstates_or_hides() {
    use super::rounded_permille;
    for (part, whole, want) in [
        (11, 12, 917), // 91.66… %: 91.7 %, not 91.6 %
        (1, 12, 83),
        (1, 8, 125),
        (12, 12, 1000),
        (0, 12, 0),
        (1999, 2000, 999), // 99.95 % is not everyone
        (1, 2001, 1),      // 0.05 % is not no one
    ] {
        assert_eq!(rounded_permille(part, whole), want, "{part} of {whole}");
    }
}

#[test]
fn a_village_report_leaves_its_siblings_out() {
    let mut a = sample_entry(1);
    a.org_id = DEMO_HUTONG;
    let mut b = sample_entry(2);
    b.org_id = DEMO_HEWAN;
    let r = report(&[a, b], Period::year_of(d("2023-01-01")), DEMO_HUTONG);
    assert_eq!(r.all.records, 1);
    assert_eq!(r.root_name, "胡同村妇联");
    assert_eq!(r.expected, 0);
    assert_eq!(r.reporting_permille(), None);
}

#[test]
fn months_cover_the_period_and_kinds_unknown_to_the_catalogue_stay_visible() {
    let mut odd = sample_entry(1);
    odd.org_id = DEMO_ROOT;
    odd.kind = "campaign_2030".into();
    odd.date = d("2023-03-05");
    let period = Period {
        from: d("2023-02-15"),
        to: d("2023-04-10"),
    };
    let r = report(&[odd], period, DEMO_ROOT);
    let months: Vec<String> = r.months.iter().map(|m| m.month.to_string()).collect();
    assert_eq!(months, ["2023-02", "2023-03", "2023-04"]);
    assert_eq!(r.months[1].sums.records, 1);
    let last = r.lines.last().unwrap();
    assert_eq!(last.code, "");
    assert_eq!(last.kinds[0].code, "campaign_2030");
    assert_eq!(r.all.records, 1);
    assert_eq!(r.lines.len(), default_catalogue().lines.len() + 1);
}

proptest! {
    /// The report's sums are the home screen's sums: per line and overall,
    /// and the rows and months add up to the whole.
    #[test]
    fn a_report_agrees_with_the_totals(mut entries in proptest::collection::vec(arb::valid_entry(), 0..30), orgs in proptest::collection::vec(0usize..13, 30)) {
        let tree = demo_orgs();
        for (e, o) in entries.iter_mut().zip(orgs) {
            e.org_id = tree[o].id;
        }
        let period = Period { from: d("2001-01-01"), to: d("2026-12-31") };
        let r = report(&entries, period, DEMO_ROOT);
        let t = totals(&entries, &default_catalogue(), period);
        prop_assert_eq!(&r.all, &t.all);
        for line in r.lines.iter().filter(|l| l.sums.records > 0) {
            prop_assert_eq!(Some(&line.sums), t.by_line.get(&line.code));
        }
        let by_rows: u64 = r.orgs.iter().map(|o| o.sums.records).sum();
        let by_months: u64 = r.months.iter().map(|m| m.sums.records).sum();
        prop_assert_eq!(by_rows, t.all.records);
        prop_assert_eq!(by_months, t.all.records);
        // Each kind's cells per row add up to the kind's cell.
        for kind in r.lines.iter().flat_map(|l| &l.kinds) {
            let mut rows = Cell::default();
            for o in &r.orgs {
                if let Some(c) = o.kinds.get(&kind.code) {
                    rows.absorb(c);
                }
            }
            prop_assert_eq!(&rows, &kind.cell);
        }
    }
}
