//! `GET /api/v1/sync/pull?after=N&limit=M`: a signed-in device takes one page
//! of what changed on the server after its cursor — entries and conflicts it
//! may read (the listing's scope, sensitive rule included; see
//! `crate::scope`) and how far the server has taken its own changes.

use super::entries::PageQuery;
use crate::auth::Auth;
use crate::error::AppError;
use crate::extract::ApiQuery;
use crate::{db, now_ms, AppState};
use axum::extract::State;
use axum::Json;
use shared::api::PULL_PATH;
use shared::sync::protocol::PullPage;

/// The page after `after` for the session's device. Any role may pull what
/// it may read.
#[utoipa::path(
    get,
    path = PULL_PATH,
    tag = "sync",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, description = "What changed after the cursor.", body = PullPage)),
)]
pub async fn pull_changes(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<PullPage>, AppError> {
    let tree = db::orgs::tree(&state.db).await?;
    let read = shared::scope::read_scope(&auth.principal, &tree);
    let page = db::pull::page(
        &state.db,
        &read,
        auth.device_id,
        query.after,
        query.limit,
        now_ms(),
    )
    .await?;
    Ok(Json(page))
}
