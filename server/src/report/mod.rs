//! The office's reports, as the HTTP layer answers them: the checks of a
//! request (period, organisation, scope), the report itself (the SQL tally of
//! [`crate::db::report`] built by `shared::report::build`), and the files made
//! from it: [`csv`], [`xlsx`] (a summary sheet and a sheet per work line) and
//! the edited yearly summary as a Word document ([`docx`]) with the photos
//! the office picked ([`figures`]: read as the account may read them).
//! Headers are in Chinese unless English is asked for ([`labels`]).

pub mod csv;
pub mod docx;
pub mod figures;
pub mod labels;
pub mod xlsx;
mod xlsx_print;

use crate::db::{self, Db, DbError};
use axum::http::StatusCode;
use shared::access::{Denied, Principal};
use shared::catalogue::Catalogue;
use shared::report::build::{Report, ReportQuery};
use shared::report::wire::{ReportParams, ReportRequestError};
use shared::Lang;
use uuid::Uuid;

/// Why a report cannot be made as asked.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A period or summary that breaks the wire contract's rules.
    #[error(transparent)]
    Request(#[from] ReportRequestError),
    #[error("organisation {0} not found")]
    UnknownOrg(Uuid),
    /// An organisation the account may not read.
    #[error("the organisation is outside this account's scope")]
    OutOfScope,
    /// The `number`th picked photo (from 1) is one the account may not
    /// read, or no live entry lists (the same answer for both).
    #[error("picked photo {number} is not one this account may read")]
    PhotoForbidden { number: usize },
    /// The `number`th picked photo has not been fully uploaded yet.
    #[error("picked photo {number} has not been received yet")]
    PhotoNotReceived { number: usize },
    /// Reading the tally failed (answered as the database's errors are).
    #[error(transparent)]
    Db(#[from] DbError),
    /// Building the report off the async workers failed: never the client's fault.
    #[error("building the report: {0}")]
    Internal(String),
}

impl ReportError {
    /// The HTTP status of a refusal (the database's and internal failures
    /// are answered by `crate::error`, as everywhere).
    pub fn status(&self) -> StatusCode {
        match self {
            ReportError::Request(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ReportError::UnknownOrg(_) => StatusCode::NOT_FOUND,
            ReportError::OutOfScope | ReportError::PhotoForbidden { .. } => StatusCode::FORBIDDEN,
            ReportError::PhotoNotReceived { .. } => StatusCode::CONFLICT,
            ReportError::Db(_) | ReportError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::Request(
                ReportRequestError::PeriodReversed | ReportRequestError::PeriodTooLong,
            ) => "invalid_period",
            ReportError::Request(
                ReportRequestError::SummaryEmpty
                | ReportRequestError::SummaryTooLong
                | ReportRequestError::SummaryParts,
            ) => "invalid_summary",
            ReportError::PhotoForbidden { .. } => "photo_forbidden",
            ReportError::PhotoNotReceived { .. } => "photo_not_received",
            ReportError::UnknownOrg(_) => "unknown_org",
            // The same code as every other refusal by scope.
            ReportError::OutOfScope => "forbidden",
            ReportError::Db(_) | ReportError::Internal(_) => "internal",
        }
    }

    /// A sentence for the person asking (never a 5xx's details).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ReportError::Request(e) => e.message(lang),
            ReportError::UnknownOrg(_) => Denied::UnknownOrganisation.message(lang).into(),
            ReportError::OutOfScope => lang
                .pick(
                    "您的账号无权查看该组织的报表",
                    "Your account may not read reports of that organisation.",
                )
                .into(),
            ReportError::PhotoForbidden { number } => match lang {
                Lang::Zh => format!("所选的第{number}张照片不存在，或您的账号无权查看它"),
                Lang::En => {
                    format!("Picked photo {number} does not exist or your account may not read it.")
                }
            },
            ReportError::PhotoNotReceived { number } => match lang {
                Lang::Zh => format!("所选的第{number}张照片还没有从手机完整上传到服务器"),
                Lang::En => {
                    format!("Picked photo {number} has not yet been fully uploaded from the phone.")
                }
            },
            ReportError::Db(_) | ReportError::Internal(_) => {
                lang.pick("服务器内部错误", "internal error").into()
            }
        }
    }
}

/// A report ready to be answered, with what its files need to name things.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub report: Report,
    pub catalogue: Catalogue,
    pub lang: Lang,
}

/// The report `params` ask for, read as `principal` may: the subtree of the
/// organisation asked for (by default the account's own), which the account
/// must be allowed to read; of it, only the records the account may read
/// count (a viewer's report leaves sensitive records out, as her listing does).
pub async fn load(
    db: &Db,
    principal: &Principal,
    params: &ReportParams,
) -> Result<Loaded, ReportError> {
    let period = params.period()?;
    let tree = db::orgs::tree(db).await?;
    let root = params.org.unwrap_or(principal.org_id);
    // Scope first: an id that names nothing is outside every scope but an
    // admin's, so a cadre or viewer gets the same answer for an unknown
    // organisation as for another's, and learns nothing of which exist.
    if !principal.can_read_org(&tree, &root) {
        return Err(ReportError::OutOfScope);
    }
    if tree.get(&root).is_none() {
        return Err(ReportError::UnknownOrg(root));
    }
    let scope = shared::scope::report_scope(principal, &tree, &root);
    let catalogue = db::catalogue::current(db).await?;
    let tally = db::report::tally(db, period, &scope).await?;
    let query = ReportQuery { period, root };
    // Building is pure arithmetic over up to some 100,000 cells: off the
    // async workers, like password hashing. Freeing those cells takes tens
    // of milliseconds too: done after the answer, not before.
    let (report, catalogue) = tokio::task::spawn_blocking(move || {
        let report = Report::build(query, &tally, &catalogue, &tree);
        tokio::task::spawn_blocking(move || drop(tally));
        (report, catalogue)
    })
    .await
    .map_err(|e| ReportError::Internal(e.to_string()))?;
    Ok(Loaded {
        report,
        catalogue,
        lang: params.lang.unwrap_or_default(),
    })
}
