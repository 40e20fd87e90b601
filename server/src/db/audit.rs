//! The audit log: every change and every admin action, with who, on which
//! device, and when. Written in the same transaction as the change where there
//! is one, so a change never lands without its record.

use super::{parse_uuid, Db, DbError};
use shared::account::{AuditPage, AuditRecord};
use shared::audit::AuditAction;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};
use uuid::Uuid;

/// Most records in one page of the log.
pub const MAX_AUDIT_PAGE: u32 = 500;

/// Who acted: an account on a device, or nobody known (the command line, a
/// failed sign-in).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<Uuid>,
    pub device_id: Option<Uuid>,
}

/// One thing to record. `detail` is short and never holds a password or token.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub actor: Actor,
    pub action: AuditAction,
    /// The id (or, for failed sign-ins, the attempted username) acted on.
    pub target: String,
    pub detail: String,
}

/// Appends `event` at server time `at_ms`.
pub async fn record<'e>(
    ex: impl Executor<'e, Database = Any>,
    at_ms: i64,
    event: &AuditEvent,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO audit_log (at_ms, user_id, device_id, action, target, detail) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(at_ms)
    .bind(event.actor.user_id.map(|u| u.to_string()))
    .bind(event.actor.device_id.map(|d| d.to_string()))
    .bind(event.action.code())
    .bind(event.target.as_str())
    .bind(event.detail.as_str())
    .execute(ex)
    .await?;
    Ok(())
}

/// Which records a page holds (every field optional: all of them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only what this account did.
    pub user_id: Option<Uuid>,
    /// Only what accounts of these organisations did (a subtree, listed).
    pub actor_orgs: Option<Vec<Uuid>>,
    /// Only this action's code.
    pub action: Option<&'static str>,
    /// Only records at or after this instant (ms).
    pub from_ms: Option<i64>,
    /// Only records before this instant (ms).
    pub until_ms: Option<i64>,
}

/// Records newest first, older than `before` (an id) if given, that pass
/// `filter`; `limit` is clamped to `1..=MAX_AUDIT_PAGE`.
pub async fn page(
    db: &Db,
    filter: &AuditFilter,
    before: Option<i64>,
    limit: u32,
) -> Result<AuditPage, DbError> {
    let limit = limit.clamp(1, MAX_AUDIT_PAGE);
    // Each condition binds its own numbered parameters after the two fixed ones.
    let mut conditions = String::new();
    let mut n = 2;
    let mut next = || {
        n += 1;
        format!("${n}")
    };
    if filter.user_id.is_some() {
        conditions += &format!(" AND a.user_id = {}", next());
    }
    if let Some(orgs) = &filter.actor_orgs {
        let list: Vec<String> = orgs.iter().map(|_| next()).collect();
        conditions += &format!(" AND u.org_id IN ({})", list.join(", "));
    }
    if filter.action.is_some() {
        conditions += &format!(" AND a.action = {}", next());
    }
    if filter.from_ms.is_some() {
        conditions += &format!(" AND a.at_ms >= {}", next());
    }
    if filter.until_ms.is_some() {
        conditions += &format!(" AND a.at_ms < {}", next());
    }
    // The names the record is said with (`shared::audit::sentence`): who
    // (and her organisation), the device, and the target by whichever table
    // holds its id (ids are UUIDs: at most one does).
    let sql = format!(
        "SELECT a.id, a.at_ms, a.user_id, u.username, a.device_id, a.action, a.target, a.detail, \
         u.display_name AS actor_name, uo.name AS actor_org, d.label AS device_label, \
         COALESCE(te.title, tor.name, tu.display_name, td.label) AS target_label \
         FROM audit_log a \
         LEFT JOIN users u ON u.id = a.user_id \
         LEFT JOIN organisations uo ON uo.id = u.org_id \
         LEFT JOIN devices d ON d.id = a.device_id \
         LEFT JOIN entries te ON te.id = a.target \
         LEFT JOIN organisations tor ON tor.id = a.target \
         LEFT JOIN users tu ON tu.id = a.target \
         LEFT JOIN devices td ON td.id = a.target \
         WHERE a.id < $1{conditions} ORDER BY a.id DESC LIMIT $2",
    );
    let mut query = sqlx::query(&sql)
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit));
    if let Some(user) = filter.user_id {
        query = query.bind(user.to_string());
    }
    for org in filter.actor_orgs.iter().flatten() {
        query = query.bind(org.to_string());
    }
    if let Some(action) = filter.action {
        query = query.bind(action);
    }
    if let Some(from) = filter.from_ms {
        query = query.bind(from);
    }
    if let Some(until) = filter.until_ms {
        query = query.bind(until);
    }
    let rows = query.fetch_all(db.pool()).await?;
    let records = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    let next_before = if records.len() == limit as usize {
        records.last().map(|r| r.id)
    } else {
        None
    };
    Ok(AuditPage {
        records,
        next_before,
    })
}

fn from_row(row: &AnyRow) -> Result<AuditRecord, DbError> {
    let uuid = |col: &str| -> Result<Option<Uuid>, DbError> {
        let text: Option<String> = row.try_get(col)?;
        text.map(|t| parse_uuid(&t, col)).transpose()
    };
    Ok(AuditRecord {
        id: row.try_get("id")?,
        at_ms: row.try_get("at_ms")?,
        user_id: uuid("user_id")?,
        username: row.try_get("username")?,
        device_id: uuid("device_id")?,
        action: row.try_get("action")?,
        target: row.try_get("target")?,
        detail: row.try_get("detail")?,
        actor_name: row.try_get("actor_name")?,
        actor_org: row.try_get("actor_org")?,
        device_label: row
            .try_get::<Option<String>, _>("device_label")?
            .filter(|l| !l.is_empty()),
        target_label: row.try_get("target_label")?,
    })
}
