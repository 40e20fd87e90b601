//! `GET /api/v1/health`: for load balancers, monitors and the app's own
//! "can I reach the server" check. It touches the database so a server that
//! lost its storage does not claim to be healthy.

use crate::error::AppError;
use crate::{now_ms, AppState};
use axum::extract::State;
use axum::Json;
use serde::Serialize;
use shared::api::HEALTH_PATH;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    pub ok: bool,
    /// The server's version, to tell deployments apart.
    pub version: &'static str,
    /// Server clock, so a device can flag its own large skew.
    pub server_time_ms: i64,
}

#[utoipa::path(
    get,
    path = HEALTH_PATH,
    tag = "meta",
    responses((status = 200, description = "The server and its database answer.", body = Health)),
)]
pub async fn get_health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    sqlx::query("SELECT 1")
        .execute(state.db.pool())
        .await
        .map_err(|e| AppError::from(crate::db::DbError::from(e)))?;
    Ok(Json(Health {
        ok: true,
        version: env!("CARGO_PKG_VERSION"),
        server_time_ms: now_ms(),
    }))
}
