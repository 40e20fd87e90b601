//! `GET /api/v1/entries?after=N&limit=M`: pull, in server order, the entries
//! the signed-in account may read (filtered in SQL; see `crate::scope`);
//! `GET /api/v1/entries/by-date`: the same entries newest first by date, a
//! page at a time (`shared::listing`).

use crate::auth::Auth;
use crate::error::AppError;
use crate::extract::ApiQuery;
use crate::{db, AppState};
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use shared::api::{ENTRIES_BY_DATE_PATH, ENTRIES_PATH};
use shared::listing::{DatedPage, DatedQuery};
use shared::sync::protocol::{EntryPage, MAX_PAGE};
use utoipa::IntoParams;

/// The query string of the listing and of the pull: a page after a change number.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The `change_no` the caller already has everything up to (0: from the start).
    #[serde(default)]
    pub after: u64,
    /// Page size; clamped to `1..=MAX_PAGE`.
    #[serde(default = "max_page")]
    pub limit: u32,
}

fn max_page() -> u32 {
    MAX_PAGE
}

/// One page of readable entries with `change_no > after`.
#[utoipa::path(
    get,
    path = ENTRIES_PATH,
    tag = "sync",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, description = "A page of the entries the account may read.", body = EntryPage)),
)]
pub async fn list_entries(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<EntryPage>, AppError> {
    let tree = db::orgs::tree(&state.db).await?;
    let read = shared::scope::read_scope(&auth.principal, &tree);
    let page = db::entries::list(&state.db, &read, query.after, query.limit).await?;
    Ok(Json(page))
}

/// One page of the readable entries, newest first by date, within an
/// optional period (`shared::listing`): the phone's 全部记录.
#[utoipa::path(
    get,
    path = ENTRIES_BY_DATE_PATH,
    tag = "sync",
    security(("bearer" = [])),
    params(DatedQuery),
    responses((status = 200, description = "A page of the entries the account may read, newest first.", body = DatedPage)),
)]
pub async fn list_by_date(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(query): ApiQuery<DatedQuery>,
) -> Result<Json<DatedPage>, AppError> {
    let tree = db::orgs::tree(&state.db).await?;
    let read = shared::scope::read_scope(&auth.principal, &tree);
    let page = db::listing::by_date(&state.db, &read, &query).await?;
    Ok(Json(page))
}
