//! `GET /api/v1/audit?before=<id>&limit=<n>` (admin): the audit log, newest first.

use crate::auth::Admin;
use crate::db::audit::{self, MAX_AUDIT_PAGE};
use crate::error::AppError;
use crate::extract::ApiQuery;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use shared::account::AuditPage;
use shared::api::{ErrorBody, AUDIT_PATH};
use utoipa::IntoParams;

/// The audit listing's query string.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListAudit {
    /// Only records older than this id (the previous page's `next_before`).
    pub before: Option<i64>,
    /// Page size; clamped to `1..=MAX_AUDIT_PAGE`.
    #[serde(default = "default_limit")]
    pub limit: u32,
}

fn default_limit() -> u32 {
    100.min(MAX_AUDIT_PAGE)
}

#[utoipa::path(
    get,
    path = AUDIT_PATH,
    tag = "audit",
    security(("bearer" = [])),
    params(ListAudit),
    responses((status = 200, description = "A page of the audit log, newest first.", body = AuditPage), (status = 403, description = "forbidden (not an admin)", body = ErrorBody)),
)]
pub async fn list_audit(
    State(state): State<AppState>,
    Admin(_): Admin,
    ApiQuery(query): ApiQuery<ListAudit>,
) -> Result<Json<AuditPage>, AppError> {
    Ok(Json(
        audit::page(&state.db, query.before, query.limit).await?,
    ))
}
