//! The reports' HTTP contract, shared by the server's handlers and the
//! dashboard.
//!
//! - `GET  {REPORT_PATH}?from=2023-01-01&to=2023-12-31&org=<uuid>` → [`super::build::Report`]
//!   as JSON (`org` defaults to the reader's own organisation);
//! - `GET  {REPORT_CSV_PATH}?…` and `GET {REPORT_XLSX_PATH}?…&lang=zh` → the
//!   same report as a file (CSV in UTF-8 with a BOM; XLSX with a summary sheet
//!   and a sheet per work line);
//! - `POST {SUMMARY_DOCX_PATH}` with a [`SummaryText`] → the edited yearly
//!   summary as a Word (.docx) file.
#![deny(missing_docs)]

use crate::date::LocalDate;
use crate::date::Period;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The query of every report endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct ReportParams {
    /// The first day reported on, included.
    #[cfg_attr(feature = "openapi", param(inline))]
    pub from: LocalDate,
    /// The last day reported on, included (at most [`MAX_REPORT_DAYS`] after `from`).
    #[cfg_attr(feature = "openapi", param(inline))]
    pub to: LocalDate,
    /// The organisation whose subtree is reported; default: the account's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<Uuid>,
    /// The language of the files' headers (default Chinese).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(inline))]
    pub lang: Option<Lang>,
}

/// The longest period one report may cover (ten years), so one request
/// cannot ask for centuries of empty months.
pub const MAX_REPORT_DAYS: i64 = 3_660;

/// The edited summary to turn into a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummaryText {
    /// The document's title (at most [`MAX_SUMMARY_TITLE_CHARS`] characters).
    pub title: String,
    /// The body; paragraphs are separated by blank lines, lines by `\n`.
    pub body: String,
}

/// The longest summary body accepted (characters).
pub const MAX_SUMMARY_CHARS: usize = 100_000;

/// The longest summary title accepted (characters).
pub const MAX_SUMMARY_TITLE_CHARS: usize = 200;

/// A report or summary request that cannot be answered as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReportRequestError {
    /// The period ends before it starts.
    #[error("the period ends before it starts")]
    PeriodReversed,
    /// The period is longer than [`MAX_REPORT_DAYS`] days.
    #[error("the period is longer than {MAX_REPORT_DAYS} days")]
    PeriodTooLong,
    /// The summary has no title or no text.
    #[error("the summary has no title or no text")]
    SummaryEmpty,
    /// The summary or its title is too long.
    #[error("the summary is longer than {MAX_SUMMARY_CHARS} characters, or its title than {MAX_SUMMARY_TITLE_CHARS}")]
    SummaryTooLong,
}

impl ReportRequestError {
    /// A sentence for the person, in `lang`.
    pub fn message(self, lang: Lang) -> String {
        match (self, lang) {
            (ReportRequestError::PeriodReversed, Lang::Zh) => "结束日期不能早于开始日期".into(),
            (ReportRequestError::PeriodReversed, Lang::En) => {
                "The end date cannot be before the start date.".into()
            }
            (ReportRequestError::PeriodTooLong, Lang::Zh) => {
                format!("统计期间不能超过{MAX_REPORT_DAYS}天")
            }
            (ReportRequestError::PeriodTooLong, Lang::En) => {
                format!("The period cannot be longer than {MAX_REPORT_DAYS} days.")
            }
            (ReportRequestError::SummaryEmpty, Lang::Zh) => "总结的标题和正文都不能为空".into(),
            (ReportRequestError::SummaryEmpty, Lang::En) => {
                "The summary needs a title and some text.".into()
            }
            (ReportRequestError::SummaryTooLong, Lang::Zh) => format!(
                "总结正文不能超过{MAX_SUMMARY_CHARS}字，标题不能超过{MAX_SUMMARY_TITLE_CHARS}字"
            ),
            (ReportRequestError::SummaryTooLong, Lang::En) => format!(
                "The summary cannot be longer than {MAX_SUMMARY_CHARS} characters, \
                 nor its title longer than {MAX_SUMMARY_TITLE_CHARS}."
            ),
        }
    }
}

impl ReportParams {
    /// The period asked for, if it is one a report may cover: both ends
    /// included, at most [`MAX_REPORT_DAYS`] days.
    pub fn period(&self) -> Result<Period, ReportRequestError> {
        if self.to < self.from {
            return Err(ReportRequestError::PeriodReversed);
        }
        if self.to.to_days() - self.from.to_days() + 1 > MAX_REPORT_DAYS {
            return Err(ReportRequestError::PeriodTooLong);
        }
        Ok(Period {
            from: self.from,
            to: self.to,
        })
    }
}

impl SummaryText {
    /// Whether the summary may be turned into a document: a title and a
    /// body that are not blank, within their lengths.
    pub fn check(&self) -> Result<(), ReportRequestError> {
        if self.title.trim().is_empty() || self.body.trim().is_empty() {
            return Err(ReportRequestError::SummaryEmpty);
        }
        if self.body.chars().count() > MAX_SUMMARY_CHARS
            || self.title.chars().count() > MAX_SUMMARY_TITLE_CHARS
        {
            return Err(ReportRequestError::SummaryTooLong);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(from: &str, to: &str) -> ReportParams {
        ReportParams {
            from: from.parse().unwrap(),
            to: to.parse().unwrap(),
            org: None,
            lang: None,
        }
    }

    #[test]
    fn periods_are_checked() {
        let year = params("2023-01-01", "2023-12-31").period().unwrap();
        assert_eq!(year.from.to_string(), "2023-01-01");
        assert!(params("2023-05-01", "2023-05-01").period().is_ok());
        assert_eq!(
            params("2023-05-02", "2023-05-01").period(),
            Err(ReportRequestError::PeriodReversed)
        );
        // Both ends count: 2020-01-01..2030-01-07 is 3,660 days, one more is too many.
        assert!(params("2020-01-01", "2030-01-07").period().is_ok());
        assert_eq!(
            params("2020-01-01", "2030-01-08").period(),
            Err(ReportRequestError::PeriodTooLong)
        );
    }

    #[test]
    fn summaries_are_checked() {
        let text = |title: &str, body: String| SummaryText {
            title: title.into(),
            body,
        };
        assert!(text("总结", "正文".into()).check().is_ok());
        assert_eq!(
            text(" ", "正文".into()).check(),
            Err(ReportRequestError::SummaryEmpty)
        );
        assert_eq!(
            text("总结", "\n \n".into()).check(),
            Err(ReportRequestError::SummaryEmpty)
        );
        assert!(text("总结", "字".repeat(MAX_SUMMARY_CHARS)).check().is_ok());
        assert_eq!(
            text("总结", "字".repeat(MAX_SUMMARY_CHARS + 1)).check(),
            Err(ReportRequestError::SummaryTooLong)
        );
        for e in [
            ReportRequestError::PeriodReversed,
            ReportRequestError::PeriodTooLong,
            ReportRequestError::SummaryEmpty,
            ReportRequestError::SummaryTooLong,
        ] {
            assert!(!e.message(Lang::Zh).is_empty() && !e.message(Lang::En).is_empty());
        }
    }
}
