//! A calendar date without a time zone: the day an activity happened, as the
//! cadre meant it. Kept tiny on purpose (no chrono in the wasm bundle).
#![deny(missing_docs)]

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Minutes east of UTC of China Standard Time. Deployments are in China, which
/// has one time zone and no daylight saving; "today" on the server means today there.
pub const CHINA_UTC_OFFSET_MINUTES: i32 = 8 * 60;

/// A proleptic Gregorian date, serialised as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDate {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a date in the form YYYY-MM-DD: {0:?}")]
pub struct DateParseError(pub String);

impl LocalDate {
    /// The date, if `year-month-day` exists on the calendar (years 1..=9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
            return None;
        }
        (day <= days_in_month(year, month)).then_some(Self { year, month, day })
    }

    /// The year (1 to 9999).
    pub fn year(self) -> i32 {
        self.year
    }
    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }
    /// The day of the month, from 1.
    pub fn day(self) -> u8 {
        self.day
    }

    /// The local date at `unix_ms` in a zone `offset_minutes` east of UTC.
    pub fn from_unix_ms(unix_ms: i64, offset_minutes: i32) -> Self {
        let local_ms = unix_ms + i64::from(offset_minutes) * 60_000;
        Self::from_days(local_ms.div_euclid(86_400_000))
    }

    /// Days since 1970-01-01 (may be negative).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Self {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Self { year, month, day }
    }

    /// The date `n` days later (earlier if negative).
    pub fn add_days(self, n: i64) -> Self {
        Self::from_days(self.to_days() + n)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for LocalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for LocalDate {
    type Err = DateParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DateParseError(s.chars().take(40).collect());
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, DateParseError> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Self::new(y as i32, m as u8, d as u8).ok_or_else(err)
    }
}

impl Serialize for LocalDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LocalDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A range of days, both ends included: a report's period, the home
/// screen's month and year, the history's filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Period {
    /// The first day, included.
    pub from: LocalDate,
    /// The last day, included; never before `from` in a period the server accepts.
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_prints() {
        let d: LocalDate = "2023-08-15".parse().unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2023, 8, 15));
        assert_eq!(d.to_string(), "2023-08-15");
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for bad in [
            "2023-02-29",
            "2023-13-01",
            "2023-00-10",
            "2023-1-1",
            "20230101",
            "2023-01-0x",
            "",
            "２０２３-01-01",
        ] {
            assert!(bad.parse::<LocalDate>().is_err(), "{bad}");
        }
        assert!("2024-02-29".parse::<LocalDate>().is_ok());
    }

    #[test]
    fn china_midnight_boundary() {
        // 2023-12-31T16:00:00Z is 2024-01-01 00:00 in Beijing.
        let ms = 1_704_038_400_000;
        assert_eq!(
            LocalDate::from_unix_ms(ms, CHINA_UTC_OFFSET_MINUTES).to_string(),
            "2024-01-01"
        );
        assert_eq!(
            LocalDate::from_unix_ms(ms - 1, CHINA_UTC_OFFSET_MINUTES).to_string(),
            "2023-12-31"
        );
        assert_eq!(LocalDate::from_unix_ms(0, 0).to_string(), "1970-01-01");
    }

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

    proptest! {
        #[test]
        fn days_round_trip(days in -700_000i64..2_900_000) {
            let d = LocalDate::from_days(days);
            prop_assert_eq!(d.to_days(), days);
            prop_assert_eq!(d.to_string().parse::<LocalDate>().unwrap(), d);
        }
    }
}
