//! Devices (admin only). `GET /api/v1/devices`: each registered device with
//! its account and last sync, `stale` when not synced for five days.
//! `POST /api/v1/devices/{id}/revoke` and `/restore`.

use super::orgs::actor;
use crate::admin;
use crate::auth::Admin;
use crate::db::devices;
use crate::error::AppError;
use crate::extract::ApiPath;
use crate::{now_ms, AppState};
use axum::extract::State;
use axum::Json;
use shared::account::DeviceInfo;
use uuid::Uuid;

pub async fn list_devices(
    State(state): State<AppState>,
    Admin(_): Admin,
) -> Result<Json<Vec<DeviceInfo>>, AppError> {
    Ok(Json(devices::list(&state.db, now_ms()).await?))
}

pub async fn revoke_device(
    State(state): State<AppState>,
    Admin(auth): Admin,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<DeviceInfo>, AppError> {
    let info =
        admin::devices::set_device_revoked(&state.db, id, true, actor(&auth), now_ms()).await?;
    Ok(Json(info))
}

pub async fn restore_device(
    State(state): State<AppState>,
    Admin(auth): Admin,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<DeviceInfo>, AppError> {
    let info =
        admin::devices::set_device_revoked(&state.db, id, false, actor(&auth), now_ms()).await?;
    Ok(Json(info))
}
