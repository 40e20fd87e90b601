//! Signing in and out, and "who am I".
//!
//! `POST /api/v1/auth/login` — a [`LoginRequest`] → a [`LoginResponse`] with a
//! bearer token, or 401 `bad_credentials`, 423 `account_locked`, 429
//! `too_many_attempts` (a second attempt while the address is slowed down), 403 `account_disabled` / `device_revoked`, 409 `device_taken`.
//! 403 `password_change_required` (a one-time password: sign in at
//! `POST /api/v1/auth/first-password` with a new one).
//! `POST /api/v1/auth/first-password` — a `FirstPassword` → the same as a login.
//! `POST /api/v1/auth/password` — a `ChangePassword` (signed in) → 204; the
//! account's other sessions end; 403 `wrong_password`.
//! `POST /api/v1/auth/logout` — ends the current session (204).
//! `GET /api/v1/me` — the account, its device and the organisations it may see.

use crate::auth::{login, own_password, Auth, ClientAddr};
use crate::db::audit::{self, Actor, AuditEvent};
use crate::db::{orgs, sessions, users};
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::{now_ms, AppState};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use shared::account::{ChangePassword, FirstPassword, LoginRequest, LoginResponse, Me};
use shared::api::{
    ErrorBody, FIRST_PASSWORD_PATH, LOGIN_PATH, LOGOUT_PATH, ME_PATH, PASSWORD_PATH,
};
use shared::audit::AuditAction;

#[utoipa::path(
    post,
    path = LOGIN_PATH,
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in: a bearer token.", body = LoginResponse),
        (status = 401, description = "bad_credentials", body = ErrorBody),
        (status = 403, description = "account_disabled, device_revoked, password_change_required (sign in at first-password)", body = ErrorBody),
        (status = 409, description = "device_taken (the device is another account's)", body = ErrorBody),
        (status = 423, description = "account_locked", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
        (status = 429, description = "too_many_attempts (from this address)", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
    ),
)]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, AppError> {
    signed_in(&state, &addr, req, None).await
}

/// Both sign-ins: the flow with the deployment's limits and setting.
async fn signed_in(
    state: &AppState,
    addr: &str,
    req: LoginRequest,
    new_password: Option<String>,
) -> Result<Json<LoginResponse>, AppError> {
    let (db, gate, years) = (&state.db, &state.sign_in_gate, state.phone_window_years);
    let answer = login::sign_in(db, gate, req, new_password, addr, now_ms(), years).await?;
    Ok(Json(answer))
}

/// The first sign-in with a one-time password: replaces it, then signs in.
#[utoipa::path(
    post,
    path = FIRST_PASSWORD_PATH,
    tag = "auth",
    request_body = FirstPassword,
    responses(
        (status = 200, description = "The password replaced; signed in: a bearer token.", body = LoginResponse),
        (status = 401, description = "bad_credentials", body = ErrorBody),
        (status = 403, description = "account_disabled, device_revoked", body = ErrorBody),
        (status = 409, description = "device_taken (the device is another account's)", body = ErrorBody),
        (status = 422, description = "invalid_account (the new password is too short, too long or the old one)", body = ErrorBody),
        (status = 423, description = "account_locked", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
        (status = 429, description = "too_many_attempts (from this address)", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
    ),
)]
pub async fn first_password(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(req): ApiJson<FirstPassword>,
) -> Result<Json<LoginResponse>, AppError> {
    signed_in(&state, &addr, req.login, Some(req.new_password)).await
}

/// A signed-in account changes its own password; its other sessions end.
#[utoipa::path(
    post,
    path = PASSWORD_PATH,
    tag = "auth",
    security(("bearer" = [])),
    request_body = ChangePassword,
    responses(
        (status = 204, description = "Changed; the account's other sessions ended."),
        (status = 403, description = "wrong_password (the current one)", body = ErrorBody),
        (status = 422, description = "invalid_account (the new password is too short, too long or the old one)", body = ErrorBody),
        (status = 423, description = "account_locked", body = ErrorBody,
            headers(("Retry-After" = u64, description = "Seconds to wait."))),
    ),
)]
pub async fn change_password(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    auth: Auth,
    ApiJson(req): ApiJson<ChangePassword>,
) -> Result<StatusCode, AppError> {
    own_password::change_own(&state.db, &auth, req, &addr, now_ms()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    post,
    path = LOGOUT_PATH,
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 204, description = "The session is over.")),
)]
pub async fn sign_out(State(state): State<AppState>, auth: Auth) -> Result<StatusCode, AppError> {
    let now = now_ms();
    let mut tx = state.db.pool().begin().await?;
    sessions::revoke(&mut *tx, &auth.token_hash, now).await?;
    let event = AuditEvent {
        actor: Actor {
            user_id: Some(auth.principal.user_id),
            device_id: Some(auth.device_id),
        },
        action: AuditAction::SignOut,
        target: auth.principal.user_id.to_string(),
        detail: String::new(),
    };
    audit::record(&mut *tx, now, &event).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    get,
    path = ME_PATH,
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, description = "The account, its device, what it may see.", body = Me)),
)]
pub async fn get_me(State(state): State<AppState>, auth: Auth) -> Result<Json<Me>, AppError> {
    // The session was just found, so its account exists; a race with nothing
    // (accounts are never deleted) would only make this a 401.
    let user = users::find(&state.db, auth.principal.user_id)
        .await?
        .ok_or(crate::auth::AuthError::Unauthenticated)?;
    let tree = orgs::tree(&state.db).await?;
    Ok(Json(Me {
        orgs: shared::scope::readable_orgs(&auth.principal, &tree),
        user: user.info,
        device_id: auth.device_id,
        phone_window_years: state.phone_window_years,
    }))
}
