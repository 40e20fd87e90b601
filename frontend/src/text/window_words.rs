//! What totals counted on the phone say when the phone holds less than the
//! period asked (its window, `crate::logic::mirror`): "本机只保存近两年的记录；
//! 更早的请联网查看".

use shared::date::{LocalDate, Period};
use shared::device::{coverage, Coverage};
use shared::Lang;

/// The notice under totals counted on the phone when `period` starts
/// before what the phone holds (`held_from`); `None` when they cover it.
/// `years`: how many calendar years the phone keeps (the deployment's).
pub fn window_notice(
    held_from: Option<LocalDate>,
    period: Period,
    years: u8,
    lang: Lang,
) -> Option<String> {
    match coverage(held_from, period) {
        Coverage::Whole => None,
        Coverage::From(from) => Some(match lang {
            Lang::Zh => format!(
                "{}（本机从 {from} 起的记录是全的）。",
                keeps_only(years, lang)
            ),
            Lang::En => format!(
                "{} (from {from} on, this phone has them all).",
                keeps_only(years, lang)
            ),
        }),
    }
}

/// "本机只保存近两年的记录；更早的请联网查看" for a phone keeping `years`
/// calendar years.
pub fn keeps_only(years: u8, lang: Lang) -> String {
    match (lang, years) {
        (Lang::Zh, 0 | 1) => "本机只保存今年的记录；更早的请联网查看".into(),
        (Lang::Zh, 2) => "本机只保存近两年的记录；更早的请联网查看".into(),
        (Lang::Zh, n) => format!("本机只保存近{n}年的记录；更早的请联网查看"),
        (Lang::En, 0 | 1) => "This phone keeps only this year; go online for older entries".into(),
        (Lang::En, 2) => {
            "This phone keeps only the last two years; go online for older entries".into()
        }
        (Lang::En, n) => {
            format!("This phone keeps only the last {n} years; go online for older entries")
        }
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
        assert_eq!(window_notice(held, this_year, 2, Lang::Zh), None);
        assert_eq!(window_notice(None, long_ago, 2, Lang::Zh), None);
        let zh = window_notice(held, long_ago, 2, Lang::Zh).unwrap();
        assert!(
            zh.starts_with("本机只保存近两年的记录；更早的请联网查看"),
            "{zh}"
        );
        assert!(zh.contains("2025-01-01"));
        let en = window_notice(held, long_ago, 2, Lang::En).unwrap();
        assert!(
            en.starts_with("This phone keeps only the last two years"),
            "{en}"
        );
    }

    #[test]
    fn the_notice_names_the_deployments_years() {
        let held = Some(d("2022-01-01"));
        let long_ago = Period::year_of(d("2019-06-01"));
        let zh = window_notice(held, long_ago, 5, Lang::Zh).unwrap();
        assert!(zh.starts_with("本机只保存近5年的记录"), "{zh}");
        let en = window_notice(held, long_ago, 1, Lang::En).unwrap();
        assert!(en.starts_with("This phone keeps only this year"), "{en}");
    }
}
