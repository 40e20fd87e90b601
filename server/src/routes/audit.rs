//! `GET /api/v1/audit?before=<id>&limit=<n>` (admin): the audit log, newest
//! first, optionally only one person's (`user`), only what accounts of an
//! organisation's subtree did (`org`), one action (`action`, its code) and
//! a period of days in China time (`from`, `to`, both included). Paging
//! (`before`) keeps the filter: pass the same query with the next `before`.
//! An unknown action or organisation, or `from` after `to`, is 400.

use crate::auth::Admin;
use crate::db::audit::{self, AuditFilter, MAX_AUDIT_PAGE};
use crate::db::orgs;
use crate::error::AppError;
use crate::extract::ApiQuery;
use crate::AppState;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use shared::account::AuditPage;
use shared::api::{ErrorBody, AUDIT_PATH};
use shared::audit::AuditAction;
use shared::date::{LocalDate, CHINA_UTC_OFFSET_MINUTES};
use utoipa::IntoParams;
use uuid::Uuid;

/// The audit listing's query string.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListAudit {
    /// Only records older than this id (the previous page's `next_before`).
    pub before: Option<i64>,
    /// Page size; clamped to `1..=MAX_AUDIT_PAGE`.
    #[serde(default = "default_limit")]
    pub limit: u32,
    /// Only what this account did.
    pub user: Option<Uuid>,
    /// Only what accounts of this organisation and those under it did.
    pub org: Option<Uuid>,
    /// Only this action (its code, e.g. `entry.update`).
    pub action: Option<String>,
    /// From this day (China time), included.
    #[param(inline)]
    pub from: Option<LocalDate>,
    /// To this day (China time), included.
    #[param(inline)]
    pub to: Option<LocalDate>,
}

fn default_limit() -> u32 {
    100.min(MAX_AUDIT_PAGE)
}

#[utoipa::path(
    get,
    path = AUDIT_PATH,
    tag = "audit",
    security(("bearer" = [])),
    params(ListAudit),
    responses(
        (status = 200, description = "A page of the audit log, newest first.", body = AuditPage),
        (status = 400, description = "invalid_query (an unknown action or organisation, or `from` after `to`)", body = ErrorBody),
        (status = 403, description = "forbidden (not an admin)", body = ErrorBody),
    ),
)]
pub async fn list_audit(
    State(state): State<AppState>,
    Admin(_): Admin,
    ApiQuery(query): ApiQuery<ListAudit>,
) -> Result<Json<AuditPage>, AppError> {
    let filter = filter(&state, &query).await?;
    Ok(Json(
        audit::page(&state.db, &filter, query.before, query.limit).await?,
    ))
}

/// The query's filter, checked.
async fn filter(state: &AppState, query: &ListAudit) -> Result<AuditFilter, AppError> {
    let action = match &query.action {
        None => None,
        Some(code) => Some(
            AuditAction::from_code(code)
                .ok_or_else(|| AppError::InvalidQuery(format!("unknown action {code}")))?
                .code(),
        ),
    };
    if let (Some(from), Some(to)) = (query.from, query.to) {
        if from > to {
            return Err(AppError::InvalidQuery("from is after to".into()));
        }
    }
    let actor_orgs = match query.org {
        None => None,
        Some(id) => {
            let tree = orgs::tree(&state.db).await?;
            if tree.get(&id).is_none() {
                return Err(AppError::InvalidQuery(format!("unknown organisation {id}")));
            }
            Some(tree.subtree(&id).iter().map(|o| o.id).collect())
        }
    };
    Ok(AuditFilter {
        user_id: query.user,
        actor_orgs,
        action,
        from_ms: query.from.map(day_start_ms),
        until_ms: query.to.map(|d| day_start_ms(d.add_days(1))),
    })
}

/// The first millisecond of `day` in China time, as a Unix instant.
fn day_start_ms(day: LocalDate) -> i64 {
    (day.to_days() * 1440 - i64::from(CHINA_UTC_OFFSET_MINUTES)) * 60_000
}
