//! Accounts (admin only). `GET /api/v1/users`; `POST /api/v1/users` → 201 with
//! a one-time password when none was chosen (409 `username_taken`, 422
//! `invalid_account` / `invalid_org`); `POST /api/v1/users/{id}/reset-password`
//! → a new one-time password, and the account's sessions end.

use super::orgs::actor;
use crate::admin;
use crate::auth::Admin;
use crate::db::users;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::{now_ms, AppState};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use shared::account::{CreateUser, CreatedUser, UserInfo};
use shared::api::{ErrorBody, USERS_PATH};
use uuid::Uuid;

#[utoipa::path(
    get,
    path = USERS_PATH,
    tag = "accounts",
    security(("bearer" = [])),
    responses((status = 200, description = "Every account.", body = Vec<UserInfo>), (status = 403, description = "forbidden (not an admin)", body = ErrorBody)),
)]
pub async fn list_users(
    State(state): State<AppState>,
    Admin(_): Admin,
) -> Result<Json<Vec<UserInfo>>, AppError> {
    Ok(Json(users::list(&state.db).await?))
}

#[utoipa::path(
    post,
    path = USERS_PATH,
    tag = "accounts",
    security(("bearer" = [])),
    request_body = CreateUser,
    responses(
        (status = 201, description = "Created; a one-time password when none was chosen.", body = CreatedUser),
        (status = 403, description = "forbidden (not an admin)", body = ErrorBody),
        (status = 409, description = "username_taken", body = ErrorBody),
        (status = 422, description = "invalid_account, invalid_org", body = ErrorBody),
    ),
)]
pub async fn create_user(
    State(state): State<AppState>,
    Admin(auth): Admin,
    ApiJson(req): ApiJson<CreateUser>,
) -> Result<(StatusCode, Json<CreatedUser>), AppError> {
    let created = admin::accounts::create_account(&state.db, req, actor(&auth), now_ms()).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[utoipa::path(
    post,
    context_path = USERS_PATH,
    path = "/{id}/reset-password",
    tag = "accounts",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The id (a UUID).")),
    responses(
        (status = 200, description = "A new one-time password; the account's sessions end.", body = CreatedUser),
        (status = 403, description = "forbidden (not an admin)", body = ErrorBody),
    ),
)]
pub async fn reset_password(
    State(state): State<AppState>,
    Admin(auth): Admin,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<CreatedUser>, AppError> {
    let reset =
        admin::accounts::reset_password(&state.db, id, None, actor(&auth), now_ms()).await?;
    Ok(Json(reset))
}
