//! The history screen's filters as the person set them (work line, kind,
//! period, words) and the period choices (全部 / 本月 / 上月 / 今年 / 去年 / a
//! month / a range of dates) turned into a `shared::date::Period`. Plain Rust,
//! tested natively; the history component only shows and sets them. Kept per
//! account in the workspace, so an edit and the way back keep them.

use shared::date::Period;
use shared::device::HistoryQuery;
use shared::LocalDate;

/// Which period the 时间 filter asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PeriodChoice {
    #[default]
    All,
    ThisMonth,
    LastMonth,
    ThisYear,
    LastYear,
    /// The month typed in the month picker.
    Month,
    /// From one date to another (either end may be left open).
    Range,
}

impl PeriodChoice {
    /// Every choice, in the order the select lists them.
    pub const ALL: [PeriodChoice; 7] = [
        PeriodChoice::All,
        PeriodChoice::ThisMonth,
        PeriodChoice::LastMonth,
        PeriodChoice::ThisYear,
        PeriodChoice::LastYear,
        PeriodChoice::Month,
        PeriodChoice::Range,
    ];

    /// The `<option value>`.
    pub fn code(self) -> &'static str {
        match self {
            PeriodChoice::All => "all",
            PeriodChoice::ThisMonth => "month",
            PeriodChoice::LastMonth => "last_month",
            PeriodChoice::ThisYear => "year",
            PeriodChoice::LastYear => "last_year",
            PeriodChoice::Month => "pick_month",
            PeriodChoice::Range => "range",
        }
    }

    /// The choice of an `<option value>`; anything else is 全部.
    pub fn from_code(code: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|c| c.code() == code)
            .unwrap_or_default()
    }

    /// The words of the option: (Chinese, English).
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            PeriodChoice::All => ("全部", "All"),
            PeriodChoice::ThisMonth => ("本月", "This month"),
            PeriodChoice::LastMonth => ("上月", "Last month"),
            PeriodChoice::ThisYear => ("今年", "This year"),
            PeriodChoice::LastYear => ("去年", "Last year"),
            PeriodChoice::Month => ("选择月份…", "Pick a month…"),
            PeriodChoice::Range => ("自定义时间段…", "Custom range…"),
        }
    }
}

/// The month before the month of `today`.
pub fn last_month(today: LocalDate) -> Period {
    Period::month_of(Period::month_of(today).from.add_days(-1))
}

/// The calendar month of a month picker's value (`YYYY-MM`), if it is one.
pub fn month_period(value: &str) -> Option<Period> {
    let (y, m) = value.trim().split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let first = LocalDate::new(y.parse().ok()?, m.parse().ok()?, 1)?;
    Some(Period::month_of(first))
}

/// The days from `from` to `to` (date inputs' `YYYY-MM-DD`), both included.
/// An empty or unreadable end is open; ends typed the wrong way round are
/// swapped; both open is no period at all.
pub fn range_period(from: &str, to: &str) -> Option<Period> {
    let from = from.trim().parse::<LocalDate>().ok();
    let to = to.trim().parse::<LocalDate>().ok();
    let (from, to) = match (from, to) {
        (None, None) => return None,
        (Some(f), Some(t)) if f > t => (t, f),
        (f, t) => (
            f.or(LocalDate::new(1, 1, 1))?,
            t.or(LocalDate::new(9999, 12, 31))?,
        ),
    };
    Some(Period { from, to })
}

/// What the history screen is filtered by, as typed and chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryFilters {
    /// A work line's code, empty for all.
    pub line: String,
    /// A kind's code, empty for all.
    pub kind: String,
    pub period: PeriodChoice,
    /// The month picker's value (`YYYY-MM`).
    pub month: String,
    /// The range's first and last day (`YYYY-MM-DD`, may be empty).
    pub from: String,
    pub to: String,
    /// The search words.
    pub text: String,
}

impl HistoryFilters {
    /// The period asked for, on the day `today`; `None` is every date (also
    /// while a picked month or range is still empty).
    pub fn period(&self, today: LocalDate) -> Option<Period> {
        match self.period {
            PeriodChoice::All => None,
            PeriodChoice::ThisMonth => Some(Period::month_of(today)),
            PeriodChoice::LastMonth => Some(last_month(today)),
            PeriodChoice::ThisYear => Some(Period::year_of(today)),
            PeriodChoice::LastYear => {
                Some(Period::year_of(Period::year_of(today).from.add_days(-1)))
            }
            PeriodChoice::Month => month_period(&self.month),
            PeriodChoice::Range => range_period(&self.from, &self.to),
        }
    }

    /// Chooses a period; picking a month for the first time starts at the
    /// current month, so the list never goes blank on an empty picker.
    pub fn choose(&mut self, choice: PeriodChoice, today: LocalDate) {
        self.period = choice;
        if choice == PeriodChoice::Month && month_period(&self.month).is_none() {
            self.month = format!("{:04}-{:02}", today.year(), today.month());
        }
    }

    /// A new work line: the kind, which belongs to a line, is cleared.
    pub fn choose_line(&mut self, line: String) {
        self.line = line;
        self.kind.clear();
    }

    /// The query of `shared::device::history`.
    pub fn query(&self, today: LocalDate) -> HistoryQuery {
        HistoryQuery {
            line: Some(self.line.clone()).filter(|l| !l.is_empty()),
            kind: Some(self.kind.clone()).filter(|k| !k.is_empty()),
            period: self.period(today),
            text: self.text.clone(),
        }
    }
}

#[cfg(test)]
#[path = "history_filter_tests.rs"]
mod tests;
