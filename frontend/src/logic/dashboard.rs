//! The dashboard's plain logic, tested natively: which period a filter
//! means, and the geometry of its SVG charts (bars per work line, a line of
//! months). The components only draw what these return.

use super::svg_number::tenths;
use shared::date::LocalDate;
use shared::date::Period;
use shared::report::wire::MAX_REPORT_DAYS;

/// The period filter's choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    ThisMonth,
    ThisQuarter,
    ThisYear,
    LastYear,
    Custom,
}

impl Preset {
    pub const ALL: [Preset; 5] = [
        Preset::ThisMonth,
        Preset::ThisQuarter,
        Preset::ThisYear,
        Preset::LastYear,
        Preset::Custom,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Preset::ThisMonth => "month",
            Preset::ThisQuarter => "quarter",
            Preset::ThisYear => "year",
            Preset::LastYear => "last_year",
            Preset::Custom => "custom",
        }
    }

    pub fn from_code(code: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn label(self, lang: shared::Lang) -> &'static str {
        match self {
            Preset::ThisMonth => lang.pick("本月", "This month"),
            Preset::ThisQuarter => lang.pick("本季度", "This quarter"),
            Preset::ThisYear => lang.pick("今年", "This year"),
            Preset::LastYear => lang.pick("去年", "Last year"),
            Preset::Custom => lang.pick("自定义", "Custom"),
        }
    }
}

/// Why a custom period cannot be reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodProblem {
    Missing,
    Reversed,
    TooLong,
}

impl PeriodProblem {
    pub fn message(self, lang: shared::Lang) -> &'static str {
        match self {
            PeriodProblem::Missing => {
                lang.pick("请选择开始和结束日期。", "Choose a start and an end date.")
            }
            PeriodProblem::Reversed => {
                lang.pick("开始日期晚于结束日期。", "The start is after the end.")
            }
            PeriodProblem::TooLong => {
                lang.pick("统计区间最长十年。", "A report covers at most ten years.")
            }
        }
    }
}

/// The period a filter means on `today`; a custom one from its two dates.
pub fn period(
    preset: Preset,
    today: LocalDate,
    from: Option<LocalDate>,
    to: Option<LocalDate>,
) -> Result<Period, PeriodProblem> {
    Ok(match preset {
        Preset::ThisMonth => Period::month_of(today),
        Preset::ThisQuarter => Period::quarter_of(today),
        Preset::ThisYear => Period::year_of(today),
        Preset::LastYear => {
            Period::year_of(LocalDate::new(today.year() - 1, 6, 1).unwrap_or(today))
        }
        Preset::Custom => {
            let (Some(from), Some(to)) = (from, to) else {
                return Err(PeriodProblem::Missing);
            };
            if from > to {
                return Err(PeriodProblem::Reversed);
            }
            if to.to_days() - from.to_days() > MAX_REPORT_DAYS {
                return Err(PeriodProblem::TooLong);
            }
            Period { from, to }
        }
    })
}

/// The top of a chart's scale: the smallest 1, 2 or 5 × 10ⁿ at or above
/// `max` (at least 1), so gridlines fall on round numbers.
pub fn nice_top(max: u64) -> u64 {
    let mut step = 1u64;
    loop {
        for m in [1, 2, 5] {
            let top = step.saturating_mul(m);
            if top >= max || top == u64::MAX {
                return top.max(1);
            }
        }
        step = step.saturating_mul(10);
    }
}

/// One horizontal bar, in the chart's own units (viewBox).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// Horizontal bars for `values`, `row` high each, scaled so `top` spans
/// `span`.
pub fn bars(values: &[u64], span: f64, row: f64) -> (u64, Vec<Bar>) {
    let top = nice_top(values.iter().copied().max().unwrap_or(0));
    let bars = values
        .iter()
        .enumerate()
        .map(|(i, v)| Bar {
            y: i as f64 * row,
            width: *v as f64 / top as f64 * span,
            height: row * 0.7,
        })
        .collect();
    (top, bars)
}

/// The points of a line of `values` across `width` × `height` (y grows
/// downwards, as in SVG), for `<polyline points=…>`.
pub fn line_points(values: &[u64], width: f64, height: f64) -> (u64, Vec<(f64, f64)>) {
    let top = nice_top(values.iter().copied().max().unwrap_or(0));
    let n = values.len();
    let points = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let x = if n > 1 {
                i as f64 * width / (n - 1) as f64
            } else {
                width / 2.0
            };
            (x, height - *v as f64 / top as f64 * height)
        })
        .collect();
    (top, points)
}

/// `points` as the `points` attribute of a polyline.
pub fn points_attr(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{},{}", tenths(*x), tenths(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> LocalDate {
        s.parse().unwrap()
    }

    #[test]
    fn presets_mean_calendar_periods() {
        let today = d("2026-11-29");
        let p = |preset| period(preset, today, None, None).unwrap();
        assert_eq!(
            p(Preset::ThisMonth),
            Period {
                from: d("2026-11-01"),
                to: d("2026-11-30")
            }
        );
        assert_eq!(
            p(Preset::ThisQuarter),
            Period {
                from: d("2026-10-01"),
                to: d("2026-12-31")
            }
        );
        assert_eq!(
            p(Preset::ThisYear),
            Period {
                from: d("2026-01-01"),
                to: d("2026-12-31")
            }
        );
        assert_eq!(
            p(Preset::LastYear),
            Period {
                from: d("2025-01-01"),
                to: d("2025-12-31")
            }
        );
        for preset in Preset::ALL {
            assert_eq!(Preset::from_code(preset.code()), Some(preset));
        }
    }

    #[test]
    fn a_custom_period_must_make_sense() {
        let today = d("2026-11-29");
        let custom =
            |a: Option<&str>, b: Option<&str>| period(Preset::Custom, today, a.map(d), b.map(d));
        assert_eq!(
            custom(None, Some("2023-01-01")),
            Err(PeriodProblem::Missing)
        );
        assert_eq!(
            custom(Some("2023-02-01"), Some("2023-01-01")),
            Err(PeriodProblem::Reversed)
        );
        assert_eq!(
            custom(Some("2000-01-01"), Some("2023-01-01")),
            Err(PeriodProblem::TooLong)
        );
        assert_eq!(
            custom(Some("2023-01-15"), Some("2023-03-15")),
            Ok(Period {
                from: d("2023-01-15"),
                to: d("2023-03-15")
            })
        );
    }

    #[test]
    fn scales_end_on_round_numbers() {
        let tops: Vec<u64> = [0, 1, 2, 3, 7, 10, 11, 89, 124, 4052, 200_000]
            .into_iter()
            .map(nice_top)
            .collect();
        assert_eq!(tops, [1, 1, 2, 5, 10, 10, 20, 100, 200, 5000, 200_000]);
    }

    #[test]
    fn bars_and_lines_scale_to_the_top() {
        let (top, b) = bars(&[50, 100, 0], 200.0, 10.0);
        assert_eq!(top, 100);
        assert_eq!(
            b[0],
            Bar {
                y: 0.0,
                width: 100.0,
                height: 7.0
            }
        );
        assert_eq!(b[1].width, 200.0);
        assert_eq!(b[2].width, 0.0);
        let (top, p) = line_points(&[0, 5, 10], 100.0, 50.0);
        assert_eq!(top, 10);
        assert_eq!(p, [(0.0, 50.0), (50.0, 25.0), (100.0, 0.0)]);
        assert_eq!(points_attr(&p), "0.0,50.0 50.0,25.0 100.0,0.0");
        assert_eq!(
            line_points(&[3], 100.0, 50.0).1,
            [(50.0, 20.0)],
            "3 of a scale of 5"
        );
    }
}
