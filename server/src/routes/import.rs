//! `POST /api/v1/import` (admin): a device's export file as the body → an
//! [`ImportSummary`]. The data is imported as the account named in the file
//! (`username`), with that account's rights; see `crate::import`. Refusals:
//! 422 `invalid_export` / `unknown_user`, 409 `device_taken` /
//! `device_revoked` / `import_gap`; bodies up to 16 MiB.

use super::orgs::actor;
use crate::auth::Admin;
use crate::db::users;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::import::{self, ImportError};
use crate::{now_ms, AppState};
use axum::extract::State;
use axum::Json;
use shared::account::normalise_username;
use shared::api::{ErrorBody, IMPORT_PATH};
use shared::device::{DeviceExport, ImportSummary};

#[utoipa::path(
    post,
    path = IMPORT_PATH,
    tag = "sync",
    security(("bearer" = [])),
    request_body = DeviceExport,
    responses(
        (status = 200, description = "What the import did.", body = ImportSummary),
        (status = 403, description = "forbidden (not an admin)", body = ErrorBody),
        (status = 409, description = "device_taken, device_revoked, import_gap", body = ErrorBody),
        (status = 422, description = "invalid_export, unknown_user", body = ErrorBody),
    ),
)]
pub async fn import_export(
    State(state): State<AppState>,
    Admin(auth): Admin,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> Result<Json<ImportSummary>, AppError> {
    // Read as the file is read anywhere (format and version first).
    let export = DeviceExport::parse(&body.to_string()).map_err(ImportError::from)?;
    let username = normalise_username(&export.username)
        .map_err(|_| ImportError::NoSuchUser(export.username.clone()))?;
    let user = users::find_by_username(&state.db, &username)
        .await?
        .ok_or(ImportError::NoSuchUser(username))?;
    let summary = import::apply(&state.db, &export, &user.info, actor(&auth), now_ms()).await?;
    Ok(Json(summary))
}
