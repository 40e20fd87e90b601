//! Why a setup file is not imported ([`SetupError`]): a file that cannot be
//! read, rows without a header, or wrong rows — each with its status, code and
//! message in both languages, mapped once by `crate::error`.

use super::setup_file::FileError;
use shared::setup::rows::RowsError;
use shared::Lang;

/// Why a file is not imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    /// Not a spreadsheet we can read: 400.
    #[error(transparent)]
    File(#[from] FileError),
    /// No header row, or too many rows: 400.
    #[error(transparent)]
    Rows(#[from] RowsError),
    /// Some rows are wrong (the preview names them): 422, nothing applied.
    #[error("{errors} row(s) are wrong; nothing was imported")]
    RowsWrong { errors: u32 },
}

impl SetupError {
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self {
            SetupError::File(_) | SetupError::Rows(_) => StatusCode::BAD_REQUEST,
            SetupError::RowsWrong { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            SetupError::File(_) => "invalid_setup_file",
            SetupError::Rows(_) => "invalid_setup_rows",
            SetupError::RowsWrong { .. } => "setup_rows_wrong",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SetupError::File(e), _) => e.message(lang),
            (SetupError::Rows(e), _) => e.message(lang),
            (SetupError::RowsWrong { errors }, Lang::Zh) => {
                format!("有{errors}行填写有误，未导入任何内容；请先预览并改正")
            }
            (SetupError::RowsWrong { errors }, Lang::En) => {
                format!("{errors} row(s) are wrong; nothing was imported: preview and correct them first")
            }
        }
    }
}
