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

/// The audit listing's query string.
#[derive(Debug, Deserialize)]
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

pub async fn list_audit(
    State(state): State<AppState>,
    Admin(_): Admin,
    ApiQuery(query): ApiQuery<ListAudit>,
) -> Result<Json<AuditPage>, AppError> {
    Ok(Json(
        audit::page(&state.db, query.before, query.limit).await?,
    ))
}
