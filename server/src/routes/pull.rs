//! `GET /api/v1/sync/pull?after=N&limit=M`: a signed-in device takes one page
//! of what changed on the server after its cursor — entries and conflicts it
//! may read (the listing's scope, sensitive rule included; see
//! `crate::scope`) and how far the server has taken its own changes.
//!
//! With `from` (a newer app's first sign-in, see `shared::sync::window`) the
//! page is of the phone's window instead: entries dated from `from`, newest
//! first, continuing after `before_date`/`before_id`. Without it the answer
//! is exactly what older app builds have always had. With `committees` (an
//! office account's phone) only committee changes come, either way.

use crate::auth::Auth;
use crate::error::AppError;
use crate::extract::ApiQuery;
use crate::{db, now_ms, AppState};
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use shared::api::PULL_PATH;
use shared::catalogue::Shape;
use shared::date::LocalDate;
use shared::sync::protocol::{PullPage, MAX_PAGE};
use shared::sync::window::FillCursor;
use utoipa::IntoParams;
use uuid::Uuid;

/// The query of a pull: the cursor and page size every build sends, and the
/// window a newer build adds on its first fill.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PullQuery {
    /// The `change_no` the caller already has everything up to (0: from the
    /// start). A fill (with `from`) starts at 0.
    #[serde(default)]
    pub after: u64,
    /// Page size; clamped to `1..=MAX_PAGE`.
    #[serde(default = "max_page")]
    pub limit: u32,
    /// The first day of the phone's window: a first-fill page of the entries
    /// dated on or after it, newest first. Absent: a pull by change number.
    #[serde(default)]
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<LocalDate>,
    /// With `before_id`: the date of the last entry of the previous fill page.
    #[serde(default)]
    #[param(value_type = Option<String>, format = Date)]
    pub before_date: Option<LocalDate>,
    /// With `before_date`: the id of the last entry of the previous fill page.
    #[serde(default)]
    pub before_id: Option<Uuid>,
    /// Only committee changes (entries of the catalogue's member kinds):
    /// all an office account's phone keeps (its rosters); lists and reports
    /// it reads from the server. Absent or false: every kind.
    #[serde(default)]
    pub committees: bool,
}

fn max_page() -> u32 {
    MAX_PAGE
}

/// The page after `after` (or the fill page of the window) for the
/// session's device. Any role may pull what it may read.
#[utoipa::path(
    get,
    path = PULL_PATH,
    tag = "sync",
    security(("bearer" = [])),
    params(PullQuery),
    responses((status = 200, description = "What changed after the cursor, or a page of the window newest first.", body = PullPage)),
)]
pub async fn pull_changes(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(query): ApiQuery<PullQuery>,
) -> Result<Json<PullPage>, AppError> {
    let tree = db::orgs::tree(&state.db).await?;
    let read = shared::scope::read_scope(&auth.principal, &tree);
    let committees: Option<Vec<String>> = match query.committees {
        true => Some(
            db::catalogue::current(&state.db)
                .await?
                .kinds
                .into_iter()
                .filter(|k| k.shape == Shape::Member)
                .map(|k| k.code)
                .collect(),
        ),
        false => None,
    };
    let kinds = committees.as_deref();
    let page = match query.from {
        Some(from) => {
            let before = match (query.before_date, query.before_id) {
                (Some(date), Some(id)) => Some(FillCursor { date, id }),
                _ => None,
            };
            let device = auth.device_id;
            db::pull_fill::page(
                &state.db,
                &read,
                kinds,
                device,
                from,
                before,
                query.limit,
                now_ms(),
            )
            .await?
        }
        None => {
            db::pull::page(
                &state.db,
                &read,
                kinds,
                auth.device_id,
                query.after,
                query.limit,
                now_ms(),
            )
            .await?
        }
    };
    Ok(Json(page))
}
