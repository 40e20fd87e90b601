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
use uuid::Uuid;

pub async fn list_users(
    State(state): State<AppState>,
    Admin(_): Admin,
) -> Result<Json<Vec<UserInfo>>, AppError> {
    Ok(Json(users::list(&state.db).await?))
}

pub async fn create_user(
    State(state): State<AppState>,
    Admin(auth): Admin,
    ApiJson(req): ApiJson<CreateUser>,
) -> Result<(StatusCode, Json<CreatedUser>), AppError> {
    let created = admin::accounts::create_account(&state.db, req, actor(&auth), now_ms()).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

pub async fn reset_password(
    State(state): State<AppState>,
    Admin(auth): Admin,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<CreatedUser>, AppError> {
    let reset =
        admin::accounts::reset_password(&state.db, id, None, actor(&auth), now_ms()).await?;
    Ok(Json(reset))
}
