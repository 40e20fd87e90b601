//! What totals counted on the phone say when the phone holds less than the
//! period asked (its window, `crate::logic::mirror`): "本机只保存近两年的记录；
//! 更早的请联网查看".

use shared::date::{LocalDate, Period};
use shared::device::{coverage, Coverage};
use shared::Lang;

/// The notice under totals counted on the phone when `period` starts
/// before what the phone holds (`held_from`); `None` when they cover it.
pub fn window_notice(held_from: Option<LocalDate>, period: Period, lang: Lang) -> Option<String> {
    match coverage(held_from, period) {
        Coverage::Whole => None,
        Coverage::From(from) => Some(match lang {
            Lang::Zh => format!(
                "本机只保存近两年的记录；更早的请联网查看（本机从 {from} 起的记录是全的）。"
            ),
            Lang::En => format!(
                "This phone keeps only the last two years; go online for older entries \
                 (from {from} on, this phone has them all)."
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> LocalDate {
        s.parse().unwrap()
    }

    #[test]
    fn totals_say_so_when_the_period_starts_before_the_window() {
        let held = Some(d("2025-01-01"));
        let this_year = Period::year_of(d("2026-06-01"));
        let long_ago = Period::year_of(d("2019-06-01"));
        assert_eq!(window_notice(held, this_year, Lang::Zh), None);
        assert_eq!(window_notice(None, long_ago, Lang::Zh), None);
        let zh = window_notice(held, long_ago, Lang::Zh).unwrap();
        assert!(
            zh.starts_with("本机只保存近两年的记录；更早的请联网查看"),
            "{zh}"
        );
        assert!(zh.contains("2025-01-01"));
        let en = window_notice(held, long_ago, Lang::En).unwrap();
        assert!(
            en.starts_with("This phone keeps only the last two years"),
            "{en}"
        );
    }
}
