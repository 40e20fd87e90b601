//! What the phone keeps of what the server holds: the window a role always
//! holds (a cadre: her subtree for this year and the ones before it, older
//! entries while the budget allows; an office role: nothing), the storage
//! budget for pulled entries, and what totals built on the phone cover when
//! it holds less than the period asked.
//!
//! Typed data is never part of the budget: a change waiting to be sent, an
//! unsettled conflict and the entries they touch stay whatever the budget
//! says (see `DeviceStore::evict_pulled`).

use super::kv::STORAGE_BUDGET_UNITS;
use crate::access::Role;
use crate::date::{LocalDate, Period};

/// Calendar years a cadre's phone pulls by default: this one and the last
/// (a deployment may say otherwise: `Me::phone_window_years`).
pub const DEFAULT_WINDOW_YEARS: u8 = crate::account::DEFAULT_PHONE_WINDOW_YEARS;

/// What pulled entries may use of localStorage, in UTF-16 code units of keys
/// and values (what the browser counts): half of the app's budget, so the
/// other half stays free for what she records.
pub const PULLED_BUDGET_UNITS: usize = STORAGE_BUDGET_UNITS / 2;

/// The entries a phone always holds: those dated on or after `from`. Its
/// first fill goes newest first past `from` while the budget allows
/// (`DeviceStore::apply_fill`); older ones come from the server, online.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The first day of the window (1 January of its first year).
    pub from: LocalDate,
}

impl Window {
    /// The window of `role` on `today` over `years` calendar years (this one
    /// and the `years - 1` before it; at least this one). `None`: the role
    /// keeps no mirror — an office account reads lists and reports from the
    /// server.
    pub fn for_role(role: Role, today: LocalDate, years: u8) -> Option<Window> {
        match role {
            Role::Cadre => {
                let first_year = today.year() - i32::from(years.max(1)) + 1;
                let from = LocalDate::new(first_year, 1, 1).unwrap_or(today);
                Some(Window { from })
            }
            Role::Viewer | Role::Admin => None,
        }
    }
}

/// Whether totals built from the phone's entries cover the period asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Every entry of the period the account may read is on the phone.
    Whole,
    /// Only entries dated on or after `from` are sure to be here: the
    /// totals leave out older ones (say so, and offer the server's).
    From(LocalDate),
}

/// What the phone's entries cover of `period`, given the first day from
/// which it holds everything (`held_from`, `None`: it holds everything).
pub fn coverage(held_from: Option<LocalDate>, period: Period) -> Coverage {
    match held_from {
        Some(from) if period.from < from => Coverage::From(from),
        _ => Coverage::Whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> LocalDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_cadre_keeps_this_year_and_the_last_an_office_role_nothing() {
        let today = d("2026-03-05");
        assert_eq!(
            Window::for_role(Role::Cadre, today, DEFAULT_WINDOW_YEARS),
            Some(Window {
                from: d("2025-01-01")
            })
        );
        assert_eq!(
            Window::for_role(Role::Cadre, today, 5).map(|w| w.from),
            Some(d("2022-01-01"))
        );
        // Zero years still keeps this one: she records this year.
        assert_eq!(
            Window::for_role(Role::Cadre, today, 0).map(|w| w.from),
            Some(d("2026-01-01"))
        );
        assert_eq!(Window::for_role(Role::Viewer, today, 2), None);
        assert_eq!(Window::for_role(Role::Admin, today, 2), None);
    }

    #[test]
    fn totals_say_when_the_period_starts_before_what_the_phone_holds() {
        let year = |y: &str| Period::year_of(d(&format!("{y}-06-01")));
        assert_eq!(coverage(None, year("2016")), Coverage::Whole);
        let held = Some(d("2025-01-01"));
        assert_eq!(coverage(held, year("2026")), Coverage::Whole);
        assert_eq!(coverage(held, year("2025")), Coverage::Whole);
        assert_eq!(
            coverage(held, year("2024")),
            Coverage::From(d("2025-01-01"))
        );
        let span = Period {
            from: d("2024-12-31"),
            to: d("2025-02-01"),
        };
        assert_eq!(coverage(held, span), Coverage::From(d("2025-01-01")));
    }
}
