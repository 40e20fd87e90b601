//! The HTTP API's addresses and its error body, in one place: the server
//! routes them, the app calls them, the tests and the OpenAPI document name
//! them. What travels on each is in the modules of its subject
//! (`sync::protocol`, `account`, `catalogue`, `report::wire`).
#![deny(missing_docs)]

use serde::{Deserialize, Serialize};

/// POST a `LoginRequest` (username, password, device) → a `LoginResponse`
/// with a bearer token.
pub const LOGIN_PATH: &str = "/api/v1/auth/login";
/// POST a `FirstPassword` (the one-time password and a new one) → a
/// `LoginResponse`: the first sign-in of an account whose password an admin
/// made, which must be replaced (`password_change_required` at the login).
pub const FIRST_PASSWORD_PATH: &str = "/api/v1/auth/first-password";
/// POST a `ChangePassword` (signed in): the account's own password changes;
/// its other sessions end.
pub const PASSWORD_PATH: &str = "/api/v1/auth/password";
/// POST: ends the session of the token sent.
pub const LOGOUT_PATH: &str = "/api/v1/auth/logout";
/// GET: the signed-in account and the organisations it may see.
pub const ME_PATH: &str = "/api/v1/me";
/// POST a `PushRequest` (a device's numbered changes) → a `PushResponse`.
pub const PUSH_PATH: &str = "/api/v1/sync/push";
/// GET, `?after=<change_no>&limit=<n>` → a `PullPage` of what changed.
pub const PULL_PATH: &str = "/api/v1/sync/pull";
/// GET, `?after=<change_no>&limit=<n>` → an `EntryPage`: what the account may read.
pub const ENTRIES_PATH: &str = "/api/v1/entries";
/// GET, `?from=&to=&before_date=&before_id=&limit=` → a `DatedPage`: what
/// the account may read, newest first by date (`listing`).
pub const ENTRIES_BY_DATE_PATH: &str = "/api/v1/entries/by-date";
/// GET → the deployment's `Catalogue` of work in force; POST (admin) a
/// `CatalogueEdit` → the next version; `/versions/{v}` GET → version `v`.
pub const CATALOGUE_PATH: &str = "/api/v1/catalogue";

/// The address of catalogue version `v` (what an entry names).
pub fn catalogue_version_path(v: u32) -> String {
    format!("{CATALOGUE_PATH}/versions/{v}")
}
/// GET (every organisation the account may see), POST (admin: create);
/// `/{id}` PATCH (admin: rename, move, retire).
pub const ORGS_PATH: &str = "/api/v1/orgs";
/// GET (admin: accounts), POST (admin: create). `/{id}/reset-password` (POST).
pub const USERS_PATH: &str = "/api/v1/users";
/// GET (admin: every device). `/{id}/revoke` and `/{id}/restore` (POST).
pub const DEVICES_PATH: &str = "/api/v1/devices";
/// GET (admin): the audit log, newest first, `?before=<id>&limit=<n>`.
pub const AUDIT_PATH: &str = "/api/v1/audit";
/// POST (admin): a phone's export file, pushed as that phone exactly once.
pub const IMPORT_PATH: &str = "/api/v1/import";
/// GET `?from=&to=[&org=][&lang=]` → a `Report` of an organisation's subtree.
pub const REPORT_PATH: &str = "/api/v1/reports";
/// The same report as CSV (UTF-8 with a BOM).
pub const REPORT_CSV_PATH: &str = "/api/v1/reports/export.csv";
/// The same report as an Excel workbook.
pub const REPORT_XLSX_PATH: &str = "/api/v1/reports/export.xlsx";
/// POST a `SummaryRequest` (the edited yearly summary) → a Word document.
pub const SUMMARY_DOCX_PATH: &str = "/api/v1/reports/summary.docx";
/// Photos, by the SHA-256 of their bytes: `/{sha256}` GET → the photo
/// (or thumbnail) if the account may read an entry that lists it;
/// `/{sha256}/upload` GET → an `UploadStatus`, PUT `?offset=&total=` with
/// a chunk of bytes → an `UploadStatus` (see `photo::upload`).
pub const PHOTOS_PATH: &str = "/api/v1/photos";
/// The address of one photo's bytes.
pub fn photo_path(sha256: &str) -> String {
    format!("{PHOTOS_PATH}/{sha256}")
}
/// The address of one photo's upload.
pub fn photo_upload_path(sha256: &str) -> String {
    format!("{PHOTOS_PATH}/{sha256}/upload")
}
/// GET: liveness, and the server's clock.
pub const HEALTH_PATH: &str = "/api/v1/health";
/// GET: this API's OpenAPI 3.1 document.
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// The body of every error response of the API:
/// `{"error": {"code": "invalid_body", "message": "…", "message_zh": "…"}}`.
/// `code` is stable and meant for programs (the app maps it to its own text);
/// the messages are for people reading logs or using the API by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// See [`ErrorBody`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// Stable and machine-readable, e.g. `invalid_body`, `session_expired`.
    pub code: String,
    /// In English.
    pub message: String,
    /// In Chinese.
    #[serde(default)]
    pub message_zh: String,
}
