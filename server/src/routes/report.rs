//! The office's reports (`shared::report::wire` is the contract), for any
//! signed-in account over what it may read:
//! - `GET  /api/v1/reports?from=…&to=…[&org=…]` → the report as JSON;
//! - `GET  /api/v1/reports/export.csv?…[&lang=en]` → the same as CSV;
//! - `GET  /api/v1/reports/export.xlsx?…[&lang=en]` → as an Excel workbook;
//! - `POST /api/v1/reports/summary.docx` with the edited summary → a Word file.

use crate::auth::Auth;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiQuery};
use crate::openapi::BinaryFile;
use crate::report::{self, docx, labels, ReportError};
use crate::AppState;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::api::{ErrorBody, REPORT_CSV_PATH, REPORT_PATH, REPORT_XLSX_PATH, SUMMARY_DOCX_PATH};
use shared::report::build::Report;
use shared::report::wire::{ReportParams, SummaryText};

/// The media type of an .xlsx file.
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[utoipa::path(
    get,
    path = REPORT_PATH,
    tag = "reports",
    security(("bearer" = [])),
    params(ReportParams),
    responses(
        (status = 200, description = "The report.", body = Report),
        (status = 403, description = "forbidden (the organisation is outside the account's scope)", body = ErrorBody),
        (status = 404, description = "unknown_org", body = ErrorBody),
        (status = 422, description = "invalid_period", body = ErrorBody),
    ),
)]
pub async fn get_report(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<ReportParams>,
) -> Result<Json<Report>, AppError> {
    let loaded = report::load(&state.db, &auth.principal, &params).await?;
    Ok(Json(loaded.report))
}

#[utoipa::path(
    get,
    path = REPORT_CSV_PATH,
    tag = "reports",
    security(("bearer" = [])),
    params(ReportParams),
    responses(
        (status = 200, description = "The report.", body = String, content_type = "text/csv"),
        (status = 403, description = "forbidden (the organisation is outside the account's scope)", body = ErrorBody),
        (status = 404, description = "unknown_org", body = ErrorBody),
        (status = 422, description = "invalid_period", body = ErrorBody),
    ),
)]
pub async fn get_report_csv(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<ReportParams>,
) -> Result<Response, AppError> {
    let loaded = report::load(&state.db, &auth.principal, &params).await?;
    let (fallback, name) = labels::file_names(&loaded.report, loaded.lang, "csv");
    let body = report::csv::render(&loaded);
    Ok(file("text/csv; charset=utf-8", &fallback, &name, body))
}

#[utoipa::path(
    get,
    path = REPORT_XLSX_PATH,
    tag = "reports",
    security(("bearer" = [])),
    params(ReportParams),
    responses(
        (status = 200, description = "The report.", body = BinaryFile, content_type = XLSX_TYPE),
        (status = 403, description = "forbidden (the organisation is outside the account's scope)", body = ErrorBody),
        (status = 404, description = "unknown_org", body = ErrorBody),
        (status = 422, description = "invalid_period", body = ErrorBody),
    ),
)]
pub async fn get_report_xlsx(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<ReportParams>,
) -> Result<Response, AppError> {
    let loaded = report::load(&state.db, &auth.principal, &params).await?;
    let (fallback, name) = labels::file_names(&loaded.report, loaded.lang, "xlsx");
    let body = tokio::task::spawn_blocking(move || report::xlsx::render(&loaded))
        .await
        .map_err(|e| AppError::Internal(format!("writing the workbook: {e}")))?
        .map_err(|e| AppError::Internal(format!("writing the workbook: {e}")))?;
    Ok(file(XLSX_TYPE, &fallback, &name, body))
}

/// The body is read only for a signed-in account (`Auth` comes first). The
/// picked photos are read as the account may read them (`report::figures`).
#[utoipa::path(
    post,
    path = SUMMARY_DOCX_PATH,
    tag = "reports",
    security(("bearer" = [])),
    request_body = SummaryText,
    responses(
        (status = 200, description = "The summary as a Word file.", body = BinaryFile,
            content_type = docx::CONTENT_TYPE),
        (status = 403, description = "photo_forbidden (a picked photo the account may not read, or that no entry lists)", body = ErrorBody),
        (status = 409, description = "photo_not_received (a picked photo not yet fully uploaded)", body = ErrorBody),
        (status = 422, description = "invalid_summary", body = ErrorBody),
    ),
)]
pub async fn post_summary_docx(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(summary): ApiJson<SummaryText>,
) -> Result<Response, AppError> {
    summary.check().map_err(ReportError::from)?;
    let figures = report::figures::read(&state, &auth.principal, &summary.photos).await?;
    let name = format!("{}.docx", summary.title.trim());
    let body = tokio::task::spawn_blocking(move || docx::render(&summary, figures))
        .await
        .map_err(|e| AppError::Internal(format!("writing the document: {e}")))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(file(docx::CONTENT_TYPE, "jinguo-summary.docx", &name, body))
}

/// A download: its type, its names, and no copy kept by caches.
fn file(
    content_type: &'static str,
    fallback: &str,
    name: &str,
    body: impl IntoResponse,
) -> Response {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (CONTENT_DISPOSITION, labels::attachment(fallback, name)),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}
