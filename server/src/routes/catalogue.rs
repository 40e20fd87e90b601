//! The catalogue of work. `GET /api/v1/catalogue`: the version in force, for
//! any signed-in account. Like every API answer it is `no-store`
//! (`crate::headers`): the device keeps its own copy (to work offline) and
//! asks again whenever it is online, so a new version reaches it at once.
//! `GET /api/v1/catalogue/versions/{v}`: an older version, the one an entry
//! names. `POST /api/v1/catalogue` (admin): an edit made from the version in
//! force → the next version (201); from an older one → 409.

use crate::auth::{Admin, Auth};
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::routes::orgs::actor;
use crate::{db, now_ms, AppState};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use shared::api::{ErrorBody, CATALOGUE_PATH};
use shared::catalogue::edit::CatalogueEdit;
use shared::catalogue::Catalogue;

#[utoipa::path(
    get,
    path = CATALOGUE_PATH,
    tag = "catalogue",
    security(("bearer" = [])),
    responses((status = 200, description = "The catalogue in force.", body = Catalogue)),
)]
pub async fn get_catalogue(
    State(state): State<AppState>,
    _auth: Auth,
) -> Result<Json<Catalogue>, AppError> {
    Ok(Json(db::catalogue::current(&state.db).await?))
}

#[utoipa::path(
    get,
    context_path = CATALOGUE_PATH,
    path = "/versions/{version}",
    tag = "catalogue",
    security(("bearer" = [])),
    params(("version" = u32, Path, description = "The catalogue version.")),
    responses(
        (status = 200, description = "That version of the catalogue.", body = Catalogue),
        (status = 404, description = "not_found (no such version stored)", body = ErrorBody),
    ),
)]
pub async fn get_catalogue_version(
    State(state): State<AppState>,
    _auth: Auth,
    ApiPath(version): ApiPath<u32>,
) -> Result<Json<Catalogue>, AppError> {
    db::catalogue::version(&state.db, version)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

#[utoipa::path(
    post,
    path = CATALOGUE_PATH,
    tag = "catalogue",
    security(("bearer" = [])),
    request_body = CatalogueEdit,
    responses(
        (status = 201, description = "Saved: the new version, now in force.", body = Catalogue),
        (status = 400, description = "invalid_catalogue_edit (the rule broken, in both languages)", body = ErrorBody),
        (status = 403, description = "forbidden (not an admin)", body = ErrorBody),
        (status = 409, description = "stale_catalogue (made from an older version than the one in force)", body = ErrorBody),
        (status = 422, description = "invalid_body (not an edit)", body = ErrorBody),
    ),
)]
pub async fn edit_catalogue(
    State(state): State<AppState>,
    Admin(auth): Admin,
    ApiJson(edit): ApiJson<CatalogueEdit>,
) -> Result<(StatusCode, Json<Catalogue>), AppError> {
    let saved = db::catalogue::save(&state.db, &edit, actor(&auth), now_ms()).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}
