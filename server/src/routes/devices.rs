//! Devices (admin only). `GET /api/v1/devices`: each registered device with
//! its account and last sync, `stale` when not synced for five days.
//! `POST /api/v1/devices/{id}/revoke` and `/restore`;
//! `POST /api/v1/users/{id}/revoke-never-synced`: every device of one
//! account that never synced, revoked together.

use super::orgs::actor;
use crate::admin;
use crate::auth::Admin;
use crate::db::devices;
use crate::error::AppError;
use crate::extract::ApiPath;
use crate::{now_ms, AppState};
use axum::extract::State;
use axum::Json;
use serde::Serialize;
use shared::account::DeviceInfo;
use shared::api::{ErrorBody, DEVICES_PATH, USERS_PATH};
use uuid::Uuid;

#[utoipa::path(
    get,
    path = DEVICES_PATH,
    tag = "devices",
    security(("bearer" = [])),
    responses((status = 200, description = "Every registered device.", body = Vec<DeviceInfo>), (status = 403, description = "forbidden (not an admin)", body = ErrorBody)),
)]
pub async fn list_devices(
    State(state): State<AppState>,
    Admin(_): Admin,
) -> Result<Json<Vec<DeviceInfo>>, AppError> {
    Ok(Json(devices::list(&state.db, now_ms()).await?))
}

#[utoipa::path(
    post,
    context_path = DEVICES_PATH,
    path = "/{id}/revoke",
    tag = "devices",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The id (a UUID).")),
    responses((status = 200, description = "Revoked: its sessions end, it may not sign in.", body = DeviceInfo), (status = 403, description = "forbidden (not an admin)", body = ErrorBody)),
)]
pub async fn revoke_device(
    State(state): State<AppState>,
    Admin(auth): Admin,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<DeviceInfo>, AppError> {
    let info =
        admin::devices::set_device_revoked(&state.db, id, true, actor(&auth), now_ms()).await?;
    Ok(Json(info))
}

#[utoipa::path(
    post,
    context_path = DEVICES_PATH,
    path = "/{id}/restore",
    tag = "devices",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The id (a UUID).")),
    responses((status = 200, description = "Restored.", body = DeviceInfo), (status = 403, description = "forbidden (not an admin)", body = ErrorBody)),
)]
pub async fn restore_device(
    State(state): State<AppState>,
    Admin(auth): Admin,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<DeviceInfo>, AppError> {
    let info =
        admin::devices::set_device_revoked(&state.db, id, false, actor(&auth), now_ms()).await?;
    Ok(Json(info))
}

/// The devices revoked together.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RevokedDevices {
    /// Their ids (none when the account had no never-synced device).
    pub revoked: Vec<Uuid>,
}

#[utoipa::path(
    post,
    context_path = USERS_PATH,
    path = "/{id}/revoke-never-synced",
    tag = "devices",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The account's id (a UUID).")),
    responses(
        (status = 200, description = "Every never-synced, unrevoked device of the account revoked; each audited.", body = RevokedDevices),
        (status = 403, description = "forbidden (not an admin)", body = ErrorBody),
    ),
)]
pub async fn revoke_never_synced(
    State(state): State<AppState>,
    Admin(auth): Admin,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<RevokedDevices>, AppError> {
    let revoked =
        admin::devices::revoke_never_synced(&state.db, id, actor(&auth), now_ms()).await?;
    Ok(Json(RevokedDevices { revoked }))
}
