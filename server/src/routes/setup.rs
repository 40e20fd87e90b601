//! Setting up a subdistrict from a spreadsheet (admin only): the template
//! (`GET /api/v1/admin/setup-template.xlsx` and `.csv`), a filled file's
//! preview (`POST /api/v1/admin/setup/preview`: every row and what importing
//! it would do, wrong rows with their error) and its import (`POST
//! /api/v1/admin/setup/apply`: only when every row is good, else 422
//! `setup_rows_wrong`; the new accounts' one-time passwords once). The body
//! is the file's bytes, Excel or CSV; an unreadable one is 400.

use super::orgs::actor;
use crate::admin::{setup, setup_file};
use crate::auth::Admin;
use crate::db::orgs;
use crate::error::AppError;
use crate::openapi::BinaryFile;
use crate::report::labels;
use crate::{now_ms, AppState};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::api::ErrorBody;
use shared::setup::{
    SetupApplied, SetupPreview, SETUP_APPLY_PATH, SETUP_PREVIEW_PATH, SETUP_TEMPLATE_CSV_PATH,
    SETUP_TEMPLATE_XLSX_PATH,
};

const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[utoipa::path(
    get,
    path = SETUP_TEMPLATE_XLSX_PATH,
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The setup template: sheets 组织 and 账号 with notes and examples.",
            body = BinaryFile, content_type = XLSX_TYPE),
        (status = 403, description = "forbidden (not an admin)", body = ErrorBody),
    ),
)]
pub async fn get_setup_template_xlsx(
    State(state): State<AppState>,
    Admin(_): Admin,
) -> Result<Response, AppError> {
    let root = root_name(&state).await?;
    let body = setup_file::template_xlsx(&root)
        .map_err(|e| AppError::Internal(format!("writing the template: {e}")))?;
    Ok(file(XLSX_TYPE, "xlsx", body))
}

#[utoipa::path(
    get,
    path = SETUP_TEMPLATE_CSV_PATH,
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The setup template as CSV (UTF-8 with a BOM).",
            body = String, content_type = "text/csv; charset=utf-8"),
        (status = 403, description = "forbidden (not an admin)", body = ErrorBody),
    ),
)]
pub async fn get_setup_template_csv(
    State(state): State<AppState>,
    Admin(_): Admin,
) -> Result<Response, AppError> {
    let root = root_name(&state).await?;
    Ok(file(
        "text/csv; charset=utf-8",
        "csv",
        setup_file::template_csv(&root),
    ))
}

#[utoipa::path(
    post,
    path = SETUP_PREVIEW_PATH,
    tag = "accounts",
    security(("bearer" = [])),
    request_body(content = BinaryFile, content_type = "application/octet-stream",
        description = "The filled template: .xlsx or .csv (UTF-8 or GBK)."),
    responses(
        (status = 200, description = "Every row and what importing it would do.", body = SetupPreview),
        (status = 400, description = "invalid_setup_file, invalid_setup_rows (no header row)", body = ErrorBody),
        (status = 403, description = "forbidden (not an admin)", body = ErrorBody),
    ),
)]
pub async fn post_setup_preview(
    State(state): State<AppState>,
    Admin(_): Admin,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<SetupPreview>, AppError> {
    Ok(Json(setup::preview(&state.db, body?).await?.preview))
}

#[utoipa::path(
    post,
    path = SETUP_APPLY_PATH,
    tag = "accounts",
    security(("bearer" = [])),
    request_body(content = BinaryFile, content_type = "application/octet-stream",
        description = "The filled template, as previewed."),
    responses(
        (status = 200, description = "Created: organisations, and accounts with their one-time passwords (shown once).", body = SetupApplied),
        (status = 400, description = "invalid_setup_file, invalid_setup_rows (no header row)", body = ErrorBody),
        (status = 403, description = "forbidden (not an admin)", body = ErrorBody),
        (status = 409, description = "username_taken (taken while importing)", body = ErrorBody),
        (status = 422, description = "setup_rows_wrong: nothing imported", body = ErrorBody),
    ),
)]
pub async fn post_setup_apply(
    State(state): State<AppState>,
    Admin(auth): Admin,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<SetupApplied>, AppError> {
    let applied = setup::apply(&state.db, body?, actor(&auth), now_ms()).await?;
    Ok(Json(applied))
}

/// The top organisation's name, for the template's example.
async fn root_name(state: &AppState) -> Result<String, AppError> {
    let tree = orgs::tree(&state.db).await?;
    Ok(tree
        .roots()
        .first()
        .map_or_else(|| "某某街道妇联".to_owned(), |o| o.name.clone()))
}

fn file(content_type: &'static str, ext: &str, body: Vec<u8>) -> Response {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                CONTENT_DISPOSITION,
                labels::attachment(
                    &format!("setup-template.{ext}"),
                    &format!("组织与账号导入模板.{ext}"),
                ),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}
