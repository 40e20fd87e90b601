//! `POST /api/v1/sync/push`: a device hands over a batch of numbered changes.

use crate::error::AppError;
use crate::extract::ApiJson;
use crate::{db, now_ms, AppState};
use axum::extract::State;
use axum::Json;
use shared::sync::protocol::{PushRequest, PushResponse};
use shared::sync::server_rules::check_batch;

/// Applies the batch exactly once and answers with its receipts. A batch no
/// correct device sends (bad numbering, too many) is refused whole, before the
/// database is touched.
pub async fn push_changes(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<PushRequest>,
) -> Result<Json<PushResponse>, AppError> {
    check_batch(&req)?;
    let response = db::push::apply(&state.db, &req, now_ms()).await?;
    Ok(Json(response))
}
