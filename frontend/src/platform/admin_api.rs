//! The admin's calls that carry files or filters: the setup spreadsheet
//! (template, preview, apply), a phone's export file, the audit log's
//! filters, and revoking an account's never-synced devices.

use super::api::{call, parse, post_bytes, send_bytes, ApiError};
use gloo_net::http::Method;
use shared::account::AuditPage;
use shared::api::{AUDIT_PATH, IMPORT_PATH, USERS_PATH};
use shared::device::ImportSummary;
use shared::setup::{
    SetupApplied, SetupPreview, SETUP_APPLY_PATH, SETUP_PREVIEW_PATH, SETUP_TEMPLATE_CSV_PATH,
    SETUP_TEMPLATE_XLSX_PATH,
};
use uuid::Uuid;

/// The setup template: Excel (`xlsx`) or CSV.
pub async fn setup_template(token: &str, xlsx: bool) -> Result<Vec<u8>, ApiError> {
    let path = if xlsx {
        SETUP_TEMPLATE_XLSX_PATH
    } else {
        SETUP_TEMPLATE_CSV_PATH
    };
    send_bytes(Method::GET, path, Some(token), None).await
}

/// What importing the filled file would do, row by row.
pub async fn setup_preview(token: &str, file: &[u8]) -> Result<SetupPreview, ApiError> {
    parse(post_bytes(SETUP_PREVIEW_PATH, token, file).await?)
}

/// Imports the filled file (only when every row is good).
pub async fn setup_apply(token: &str, file: &[u8]) -> Result<SetupApplied, ApiError> {
    parse(post_bytes(SETUP_APPLY_PATH, token, file).await?)
}

/// Imports a phone's export file (its JSON text as read).
pub async fn import_export(token: &str, text: String) -> Result<ImportSummary, ApiError> {
    call(Method::POST, IMPORT_PATH, Some(token), Some(text)).await
}

/// The audit log's filters; empty fields filter nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub user: Option<Uuid>,
    pub org: Option<Uuid>,
    pub action: String,
    pub from: String,
    pub to: String,
}

/// A page of the audit log that passes `filter`, older than `before`.
pub async fn audit(
    token: &str,
    filter: &AuditFilter,
    before: Option<i64>,
    limit: u32,
) -> Result<AuditPage, ApiError> {
    let mut path = format!("{AUDIT_PATH}?limit={limit}");
    if let Some(b) = before {
        path += &format!("&before={b}");
    }
    if let Some(u) = filter.user {
        path += &format!("&user={u}");
    }
    if let Some(o) = filter.org {
        path += &format!("&org={o}");
    }
    for (key, value) in [
        ("action", &filter.action),
        ("from", &filter.from),
        ("to", &filter.to),
    ] {
        if !value.is_empty() {
            path += &format!("&{key}={value}");
        }
    }
    call(Method::GET, &path, Some(token), None).await
}

/// Revokes every never-synced device of account `user`; how many.
pub async fn revoke_never_synced(token: &str, user: Uuid) -> Result<usize, ApiError> {
    #[derive(serde::Deserialize)]
    struct Revoked {
        revoked: Vec<Uuid>,
    }
    let path = format!("{USERS_PATH}/{user}/revoke-never-synced");
    let r: Revoked = call(Method::POST, &path, Some(token), None).await?;
    Ok(r.revoked.len())
}
