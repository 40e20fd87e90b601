//! Organisations. `GET /api/v1/orgs`: what the account may see (anyone signed
//! in). `POST /api/v1/orgs` (admin): create → 201. `PATCH /api/v1/orgs/{id}`
//! (admin): rename, move, flag, retire, restore. Refusals by the tree's rules
//! are 422 `invalid_org` with the rule's message.

use crate::admin;
use crate::auth::{Admin, Auth};
use crate::db::audit::Actor;
use crate::db::orgs;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::{now_ms, AppState};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use shared::account::{CreateOrg, UpdateOrg};
use shared::api::{ErrorBody, ORGS_PATH};
use shared::org::Organisation;
use uuid::Uuid;

#[utoipa::path(
    get,
    path = ORGS_PATH,
    tag = "orgs",
    security(("bearer" = [])),
    responses((status = 200, description = "The organisations the account may see.", body = Vec<Organisation>)),
)]
pub async fn list_orgs(
    State(state): State<AppState>,
    auth: Auth,
) -> Result<Json<Vec<Organisation>>, AppError> {
    let tree = orgs::tree(&state.db).await?;
    Ok(Json(shared::scope::readable_orgs(&auth.principal, &tree)))
}

#[utoipa::path(
    post,
    path = ORGS_PATH,
    tag = "orgs",
    security(("bearer" = [])),
    request_body = CreateOrg,
    responses(
        (status = 201, description = "Created.", body = Organisation),
        (status = 403, description = "forbidden (not an admin)", body = ErrorBody),
        (status = 422, description = "invalid_org (the tree's rules)", body = ErrorBody),
    ),
)]
pub async fn create_org(
    State(state): State<AppState>,
    Admin(auth): Admin,
    ApiJson(req): ApiJson<CreateOrg>,
) -> Result<(StatusCode, Json<Organisation>), AppError> {
    let org = admin::orgs::create_org(&state.db, req, actor(&auth), now_ms()).await?;
    Ok((StatusCode::CREATED, Json(org)))
}

#[utoipa::path(
    patch,
    context_path = ORGS_PATH,
    path = "/{id}",
    tag = "orgs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The id (a UUID).")),
    request_body = UpdateOrg,
    responses(
        (status = 200, description = "Changed.", body = Organisation),
        (status = 403, description = "forbidden (not an admin)", body = ErrorBody),
        (status = 422, description = "invalid_org (the tree's rules, or no such organisation)", body = ErrorBody),
    ),
)]
pub async fn update_org(
    State(state): State<AppState>,
    Admin(auth): Admin,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(req): ApiJson<UpdateOrg>,
) -> Result<Json<Organisation>, AppError> {
    let org = admin::orgs::update_org(&state.db, id, req, actor(&auth), now_ms()).await?;
    Ok(Json(org))
}

/// Who acts, for the audit log.
pub(crate) fn actor(auth: &crate::auth::Auth) -> Actor {
    Actor {
        user_id: Some(auth.principal.user_id),
        device_id: Some(auth.device_id),
    }
}
