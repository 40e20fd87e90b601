//! `POST /api/v1/sync/push`: a signed-in device hands over a batch of numbered changes.

use crate::auth::{Auth, AuthError};
use crate::db::push::Pusher;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::{db, now_ms, AppState};
use axum::extract::State;
use axum::Json;
use shared::api::{ErrorBody, PUSH_PATH};
use shared::sync::protocol::{PushRequest, PushResponse};
use shared::sync::server_rules::check_batch;

/// Applies the batch exactly once and answers with its receipts. A batch no
/// correct device sends (bad numbering, too many) is refused whole, before the
/// database is touched. The device must be the session's own (403
/// `wrong_device`): a device pushes only as the account it was registered to.
/// Each change the account may not record is rejected on its own (the queue
/// behind it moves on).
#[utoipa::path(
    post,
    path = PUSH_PATH,
    tag = "sync",
    security(("bearer" = [])),
    request_body = PushRequest,
    responses(
        (status = 200, description = "One receipt per change taken.", body = PushResponse),
        (status = 403, description = "wrong_device (not the session's device)", body = ErrorBody),
        (status = 422, description = "invalid_batch (numbering, too many changes)", body = ErrorBody),
    ),
)]
pub async fn push_changes(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(req): ApiJson<PushRequest>,
) -> Result<Json<PushResponse>, AppError> {
    if req.device_id != auth.device_id {
        return Err(AuthError::WrongDevice.into());
    }
    check_batch(&req)?;
    let tree = db::orgs::tree(&state.db).await?;
    let pusher = Pusher {
        principal: &auth.principal,
        tree: &tree,
    };
    let response = db::push::apply(&state.db, pusher, &req, now_ms()).await?;
    Ok(Json(response))
}
