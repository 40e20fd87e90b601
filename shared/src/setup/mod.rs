//! Setting up a whole subdistrict at once: the organisation tree and the
//! cadres' accounts read from a spreadsheet the office fills in (sheets or
//! sections 组织 — 上级, 名称, 类型 — and 账号 — 用户名, 姓名, 角色, 所属组织).
//!
//! Pure rules, no I/O: [`rows`] turns a spreadsheet's cells (decoded by the
//! server from Excel or CSV) into rows; [`plan`] checks the rows against the
//! current tree and accounts and says, row by row, what would be created,
//! what already exists (so importing the same file twice changes nothing)
//! and what is wrong, in Chinese and English. The server applies a plan only
//! when no row is wrong.
#![deny(missing_docs)]

pub mod plan;
pub mod problem;
pub mod rows;

pub use plan::{plan, Existing, SetupPlan};
pub use problem::SetupProblem;
pub use rows::{read_rows, SetupRows};

use crate::account::UserInfo;
use serde::{Deserialize, Serialize};

/// `GET`: the template as an Excel workbook (admin).
pub const SETUP_TEMPLATE_XLSX_PATH: &str = "/api/v1/admin/setup-template.xlsx";
/// `GET`: the template as CSV, UTF-8 with a BOM (admin).
pub const SETUP_TEMPLATE_CSV_PATH: &str = "/api/v1/admin/setup-template.csv";
/// `POST` a filled file (.xlsx or .csv, the raw bytes): the [`SetupPreview`].
pub const SETUP_PREVIEW_PATH: &str = "/api/v1/admin/setup/preview";
/// `POST` the same file: applied if every row is good → [`SetupApplied`].
pub const SETUP_APPLY_PATH: &str = "/api/v1/admin/setup/apply";

/// The headers of the organisations' section, in column order.
pub const ORG_HEADERS: [&str; 3] = ["上级", "名称", "类型"];
/// The headers of the accounts' section, in column order.
pub const ACCOUNT_HEADERS: [&str; 4] = ["用户名", "姓名", "角色", "所属组织"];
/// Most rows one file may hold (both sections together): a county's worth.
pub const MAX_SETUP_ROWS: usize = 20_000;

/// Which section a row is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Section {
    /// 组织: an organisation.
    Orgs,
    /// 账号: an account.
    Accounts,
}

/// What importing a row would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RowAction {
    /// Created by the import.
    Create,
    /// Already there (same parent and name; same username, name, role and
    /// organisation): left as it is.
    Unchanged,
    /// Wrong: see the row's message. Nothing is applied while any row is.
    Error,
}

/// One row of the preview, as the office sees it: where it is in the file,
/// what it said, and what importing it would do (or why it cannot).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewRow {
    /// The section the row is in.
    pub section: Section,
    /// The sheet's name (Excel) or empty (CSV).
    pub sheet: String,
    /// The row's number in its sheet or file, counted from 1 as Excel shows it.
    pub line: u32,
    /// The row's cells, trimmed, in the section's column order.
    pub cells: Vec<String>,
    /// What importing it would do.
    pub action: RowAction,
    /// The problem, in Chinese (`action` is `error`).
    #[serde(default)]
    pub message_zh: Option<String>,
    /// The problem, in English.
    #[serde(default)]
    pub message: Option<String>,
}

/// `POST /api/v1/admin/setup/preview`: every row and what importing the file would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupPreview {
    /// Every row of both sections, in file order (organisations first).
    pub rows: Vec<PreviewRow>,
    /// Organisations the import would create.
    pub new_orgs: u32,
    /// Accounts the import would create.
    pub new_accounts: u32,
    /// Rows already there.
    pub unchanged: u32,
    /// Wrong rows: while there are any, applying changes nothing.
    pub errors: u32,
}

/// `POST /api/v1/admin/setup/apply`: what was created. The one-time
/// passwords are shown this once, to print and hand over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupApplied {
    /// Organisations created.
    pub new_orgs: u32,
    /// Rows already there, left as they were.
    pub unchanged: u32,
    /// Each new account with its one-time password and its organisation's name.
    pub accounts: Vec<NewAccount>,
}

/// A new account and its one-time password, for the printed slip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAccount {
    /// The account as stored.
    pub user: UserInfo,
    /// Its organisation's name.
    pub org_name: String,
    /// Must be changed at the first sign-in.
    pub one_time_password: String,
}

#[cfg(test)]
mod tests;
