//! The reports' HTTP contract, shared by the server's handlers and the
//! dashboard.
//!
//! - `GET  {REPORT_PATH}?from=2023-01-01&to=2023-12-31&org=<uuid>` → [`super::build::Report`]
//!   as JSON (`org` defaults to the reader's own organisation);
//! - `GET  {REPORT_CSV_PATH}?…` and `GET {REPORT_XLSX_PATH}?…&lang=zh` → the
//!   same report as a file (CSV in UTF-8 with a BOM; XLSX with a summary sheet
//!   and a sheet per work line);
//! - `POST {SUMMARY_DOCX_PATH}` with a [`SummaryText`] → the edited yearly
//!   summary as a Word (.docx) file: its body, the photos the office picked
//!   (captioned 图1, 图2…) and its headed sections (存在问题, 下一步打算).
//!   Sections and photos are optional, so an older client's body (title and
//!   text only) is still a whole request.
#![deny(missing_docs)]

use crate::date::LocalDate;
use crate::date::Period;
use crate::lang::Lang;
use crate::photo::is_sha256_hex;
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
    /// Headed sections after the body and its photos, in order (a section
    /// whose text is blank is left out of the file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<SummarySection>,
    /// Photos to embed after the body, numbered 图1, 图2… in this order; each
    /// must be one the account may read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<PickedPhoto>,
}

/// A headed section of the summary (存在问题, 下一步打算).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummarySection {
    /// The heading (at most [`MAX_SUMMARY_TITLE_CHARS`] characters).
    pub heading: String,
    /// The text; lines separated by `\n`.
    pub text: String,
}

/// A photo the office picked for the summary, by the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PickedPhoto {
    /// SHA-256 of the photo's bytes, 64 lowercase hex digits.
    pub sha256: String,
    /// Written under the picture after "图n" (at most [`MAX_SUMMARY_TITLE_CHARS`] characters).
    #[serde(default)]
    pub caption: String,
}

/// The most photos one summary may carry (each is read into memory).
pub const MAX_SUMMARY_PHOTOS: usize = 20;

/// The most headed sections one summary may carry.
pub const MAX_SUMMARY_SECTIONS: usize = 10;

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
    /// Too many photos or sections, a photo not named by a SHA-256, or a
    /// heading or caption too long.
    #[error("at most {MAX_SUMMARY_PHOTOS} photos (each named by its SHA-256) and {MAX_SUMMARY_SECTIONS} sections, headings and captions of at most {MAX_SUMMARY_TITLE_CHARS} characters")]
    SummaryParts,
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
            (ReportRequestError::SummaryParts, Lang::Zh) => format!(
                "总结最多附{MAX_SUMMARY_PHOTOS}张照片、{MAX_SUMMARY_SECTIONS}个小节，\
                 小节标题和图片说明不能超过{MAX_SUMMARY_TITLE_CHARS}字"
            ),
            (ReportRequestError::SummaryParts, Lang::En) => format!(
                "A summary may carry at most {MAX_SUMMARY_PHOTOS} photos and \
                 {MAX_SUMMARY_SECTIONS} sections; headings and captions at most \
                 {MAX_SUMMARY_TITLE_CHARS} characters."
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
    /// A summary of a title and a body only (as older clients send it).
    pub fn plain(title: impl Into<String>, body: impl Into<String>) -> Self {
        SummaryText {
            title: title.into(),
            body: body.into(),
            sections: Vec::new(),
            photos: Vec::new(),
        }
    }

    /// Whether the summary may be turned into a document: a title and a
    /// body that are not blank, within their lengths (the sections' text
    /// counts with the body's); at most so many photos, each named by a
    /// SHA-256, and sections.
    pub fn check(&self) -> Result<(), ReportRequestError> {
        if self.title.trim().is_empty() || self.body.trim().is_empty() {
            return Err(ReportRequestError::SummaryEmpty);
        }
        let text: usize = self.body.chars().count()
            + self
                .sections
                .iter()
                .map(|s| s.text.chars().count())
                .sum::<usize>();
        if text > MAX_SUMMARY_CHARS || self.title.chars().count() > MAX_SUMMARY_TITLE_CHARS {
            return Err(ReportRequestError::SummaryTooLong);
        }
        let short = |s: &str| s.chars().count() <= MAX_SUMMARY_TITLE_CHARS;
        if self.photos.len() > MAX_SUMMARY_PHOTOS
            || self.sections.len() > MAX_SUMMARY_SECTIONS
            || !self.sections.iter().all(|s| short(&s.heading))
            || !self
                .photos
                .iter()
                .all(|p| is_sha256_hex(&p.sha256) && short(&p.caption))
        {
            return Err(ReportRequestError::SummaryParts);
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "wire_tests.rs"]
mod parts_tests;

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
        let text = |title: &str, body: String| SummaryText::plain(title, body);
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
            ReportRequestError::SummaryParts,
        ] {
            assert!(!e.message(Lang::Zh).is_empty() && !e.message(Lang::En).is_empty());
        }
    }
}
