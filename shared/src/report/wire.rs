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

use crate::date::LocalDate;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const REPORT_PATH: &str = "/api/v1/reports";
pub const REPORT_CSV_PATH: &str = "/api/v1/reports/export.csv";
pub const REPORT_XLSX_PATH: &str = "/api/v1/reports/export.xlsx";
pub const SUMMARY_DOCX_PATH: &str = "/api/v1/reports/summary.docx";

/// The query of every report endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportParams {
    pub from: LocalDate,
    pub to: LocalDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<Uuid>,
    /// The language of the files' headers (default Chinese).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
}

/// The longest period one report may cover (ten years), so one request
/// cannot ask for centuries of empty months.
pub const MAX_REPORT_DAYS: i64 = 3_660;

/// The edited summary to turn into a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryText {
    pub title: String,
    /// The body; paragraphs are separated by blank lines, lines by `\n`.
    pub body: String,
}

/// The longest summary body accepted (characters).
pub const MAX_SUMMARY_CHARS: usize = 100_000;
