//! A setup file's cells → its rows. A section starts at its header row
//! (上级 | 名称 | 类型, or 用户名 | 姓名 | 角色 | 所属组织), in whichever sheet
//! or place of the file; rows before any header (a title, instructions),
//! blank rows and rows whose first cell starts with `#` (the template's
//! example and notes) are not imported.
#![deny(missing_docs)]

use super::{Section, ACCOUNT_HEADERS, MAX_SETUP_ROWS, ORG_HEADERS};
use crate::lang::Lang;

/// Where a row is: its sheet (empty for CSV) and its number there, from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The sheet's name, or empty.
    pub sheet: String,
    /// The row's number, as Excel shows it.
    pub line: u32,
}

/// A row of the 组织 section, cells trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRow {
    /// Where it is.
    pub at: Place,
    /// 上级: the parent's name (or `上级/名称`); empty: at the top.
    pub parent: String,
    /// 名称.
    pub name: String,
    /// 类型: a kind's Chinese or English name.
    pub kind: String,
}

/// A row of the 账号 section, cells trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    /// Where it is.
    pub at: Place,
    /// 用户名.
    pub username: String,
    /// 姓名.
    pub display_name: String,
    /// 角色: a role's Chinese or English name.
    pub role: String,
    /// 所属组织: the organisation's name (or `上级/名称`).
    pub org: String,
}

/// Both sections of a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetupRows {
    /// The organisations, in file order.
    pub orgs: Vec<OrgRow>,
    /// The accounts, in file order.
    pub accounts: Vec<AccountRow>,
}

/// Why a file holds no rows to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RowsError {
    /// Neither header row was found.
    #[error("no header row (上级, 名称, 类型 or 用户名, 姓名, 角色, 所属组织) found")]
    NoHeaders,
    /// More than [`MAX_SETUP_ROWS`] rows.
    #[error("more than {MAX_SETUP_ROWS} rows")]
    TooManyRows,
}

impl RowsError {
    /// A sentence for the office, in `lang`.
    pub fn message(self, lang: Lang) -> String {
        match (self, lang) {
            (RowsError::NoHeaders, Lang::Zh) => {
                "文件中找不到表头行（上级、名称、类型 或 用户名、姓名、角色、所属组织），请使用下载的模板".into()
            }
            (RowsError::NoHeaders, Lang::En) => "No header row (上级, 名称, 类型 or 用户名, 姓名, 角色, 所属组织) in the file: use the downloaded template".into(),
            (RowsError::TooManyRows, Lang::Zh) => format!("文件超过{MAX_SETUP_ROWS}行，请分批导入"),
            (RowsError::TooManyRows, Lang::En) => {
                format!("The file has more than {MAX_SETUP_ROWS} rows: import it in parts")
            }
        }
    }
}

/// One sheet's rows as `(row number, cells)`, named (empty for CSV).
pub type Sheet = (String, Vec<(u32, Vec<String>)>);

/// Reads the rows of every sheet.
pub fn read_rows(sheets: impl IntoIterator<Item = Sheet>) -> Result<SetupRows, RowsError> {
    let mut out = SetupRows::default();
    let mut headers_seen = false;
    for (sheet, rows) in sheets {
        let mut section = None;
        for (line, cells) in rows {
            let cells: Vec<String> = cells
                .iter()
                .map(|c| crate::text::trim(c).to_owned())
                .collect();
            let first = cells.iter().find(|c| !c.is_empty());
            match first {
                None => continue,
                Some(c) if c.starts_with('#') => continue,
                _ => {}
            }
            if let Some(s) = header(&cells) {
                section = Some(s);
                headers_seen = true;
                continue;
            }
            let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
            let at = Place {
                sheet: sheet.clone(),
                line,
            };
            match section {
                None => {}
                Some(Section::Orgs) => out.orgs.push(OrgRow {
                    at,
                    parent: cell(0),
                    name: cell(1),
                    kind: cell(2),
                }),
                Some(Section::Accounts) => out.accounts.push(AccountRow {
                    at,
                    username: cell(0),
                    display_name: cell(1),
                    role: cell(2),
                    org: cell(3),
                }),
            }
            if out.orgs.len() + out.accounts.len() > MAX_SETUP_ROWS {
                return Err(RowsError::TooManyRows);
            }
        }
    }
    if headers_seen {
        Ok(out)
    } else {
        Err(RowsError::NoHeaders)
    }
}

/// The section a header row starts, if it is one.
fn header(cells: &[String]) -> Option<Section> {
    let starts = |headers: &[&str]| {
        headers.len() <= cells.len() && headers.iter().zip(cells).all(|(h, c)| c.starts_with(h))
    };
    if starts(&ORG_HEADERS) {
        Some(Section::Orgs)
    } else if starts(&ACCOUNT_HEADERS) {
        Some(Section::Accounts)
    } else {
        None
    }
}
