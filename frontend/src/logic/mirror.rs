//! What this phone keeps of the server's entries for the signed-in account,
//! and where a screen takes its figures from: plain rules, tested natively.
//!
//! A cadre's phone mirrors her subtree's window (this year and the last by
//! default, a deployment setting: `Me::phone_window_years`; see
//! `shared::device::window`; older entries while the budget allows); an
//! office account (viewer, admin) keeps no mirror of the entries, only the
//! committee changes its home screen's committees fold from: its lists and
//! reports come from the server, the last reports it opened are cached for
//! reading offline (`crate::state::report_cache`).

use shared::access::Role;
use shared::catalogue::{Catalogue, Shape};
use shared::date::LocalDate;
use shared::device::Window;
use shared::Entry;

/// The window this account's phone always holds on `today`, of `years`
/// calendar years (the deployment's `Me::phone_window_years`); `None`: no
/// mirror of the entries (an office account).
pub fn window_of(role: Role, today: LocalDate, years: u8) -> Option<Window> {
    Window::for_role(role, today, years)
}

/// Whether this account's phone mirrors entries at all (a cadre's does;
/// an office account's lists and reports come from the server).
pub fn keeps_mirror(role: Role) -> bool {
    window_of(role, LocalDate::from_days(0), 1).is_some()
}

/// What this account's phone pulls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pulls {
    /// What the first fill always takes (older entries while the budget
    /// allows).
    pub window: Window,
    /// Only committee changes: an office account keeps no mirror of the
    /// entries, only what its home screen's committees (执委名单) fold from.
    pub committees_only: bool,
}

/// What the phone of an account with `role` pulls on `today`, keeping
/// `years` calendar years.
pub fn pulls(role: Role, today: LocalDate, years: u8) -> Pulls {
    match window_of(role, today, years) {
        Some(window) => Pulls {
            window,
            committees_only: false,
        },
        // Committee changes are few: all of them, however old.
        None => Pulls {
            window: Window {
                from: LocalDate::from_days(0),
            },
            committees_only: true,
        },
    }
}

/// Whether an office account's phone keeps `entry`: committee changes only
/// (what its home screen's committees fold from); a kind the catalogue does
/// not know is kept (it may be a newer catalogue's, and the server holds it
/// anyway: keeping costs little, dropping it could hide a committee change).
pub fn office_keeps(catalogue: &Catalogue, entry: &Entry) -> bool {
    catalogue
        .kind(&entry.kind)
        .is_none_or(|k| k.shape == Shape::Member)
}

/// Where the report screen takes the report it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportSource {
    /// Ask the server (it holds everything).
    Server,
    /// Count the phone's own entries (offline, with a mirror).
    Phone,
    /// Show the copy saved when this report was last opened online.
    Cached,
    /// Offline, no mirror and no copy: say so.
    Unavailable,
}

/// The report's source: the server whenever it can be reached; offline, the
/// phone's entries if it mirrors any, else the saved copy of the same
/// report if there is one.
pub fn report_source(reachable: bool, mirror: bool, cached: bool) -> ReportSource {
    match (reachable, mirror, cached) {
        (true, _, _) => ReportSource::Server,
        (false, true, _) => ReportSource::Phone,
        (false, false, true) => ReportSource::Cached,
        (false, false, false) => ReportSource::Unavailable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> LocalDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_office_phone_keeps_committee_changes_and_kinds_it_does_not_know() {
        let cat = shared::catalogue_default::default_catalogue();
        let mut entry = shared::fixtures::sample_entry(1);
        assert!(!office_keeps(&cat, &entry), "an activity");
        entry.kind = "committee_change".into();
        assert!(office_keeps(&cat, &entry));
        entry.kind = "a_kind_from_a_newer_catalogue".into();
        assert!(office_keeps(&cat, &entry));
    }

    #[test]
    fn only_a_cadre_mirrors_and_then_the_deployments_years() {
        let today = d("2026-12-06");
        assert_eq!(
            window_of(Role::Cadre, today, 2).map(|w| w.from),
            Some(d("2025-01-01"))
        );
        assert_eq!(
            pulls(Role::Cadre, today, 5).window.from,
            d("2022-01-01"),
            "a deployment that keeps five years"
        );
        assert_eq!(window_of(Role::Viewer, today, 2), None);
        assert_eq!(window_of(Role::Admin, today, 2), None);
        assert!(keeps_mirror(Role::Cadre));
        assert!(!keeps_mirror(Role::Viewer) && !keeps_mirror(Role::Admin));
        assert!(!pulls(Role::Cadre, today, 2).committees_only);
        for office in [Role::Viewer, Role::Admin] {
            let p = pulls(office, today, 2);
            assert!(p.committees_only);
            assert!(p.window.from < d("2000-01-01"), "every committee change");
        }
    }

    #[test]
    fn the_report_comes_from_the_server_when_reachable_else_the_phone_or_the_copy() {
        use ReportSource::*;
        for (mirror, cached) in [(false, false), (false, true), (true, false), (true, true)] {
            assert_eq!(report_source(true, mirror, cached), Server);
        }
        assert_eq!(report_source(false, true, true), Phone);
        assert_eq!(report_source(false, true, false), Phone);
        assert_eq!(report_source(false, false, true), Cached);
        assert_eq!(report_source(false, false, false), Unavailable);
    }
}
