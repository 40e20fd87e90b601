//! `GET /api/v1/catalogue`: the catalogue of work in force, for any signed-in
//! account. Like every API answer it is `no-store` (`crate::headers`): the
//! device keeps its own copy (to work offline) and asks again whenever it is
//! online, so a new version reaches it at once.

use crate::auth::Auth;
use crate::error::AppError;
use crate::{db, AppState};
use axum::extract::State;
use axum::Json;
use shared::api::CATALOGUE_PATH;
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
