//! The office's reports, as the HTTP layer answers them: the checks of a
//! request (period, organisation, scope), the report itself (the SQL tally of
//! [`crate::db::report`] built by `shared::report::build`), and the files made
//! from it: [`csv`], [`xlsx`] (a summary sheet and a sheet per work line) and
//! the edited yearly summary as a Word document ([`docx`]). Headers are in
//! Chinese unless English is asked for ([`labels`]).

pub mod csv;
pub mod docx;
pub mod labels;
pub mod xlsx;

use crate::db::{self, Db};
use crate::error::AppError;
use crate::scope;
use shared::access::{Denied, Principal};
use shared::catalogue::Catalogue;
use shared::report::build::{Report, ReportQuery};
use shared::report::wire::{ReportParams, ReportRequestError};
use shared::Lang;
use uuid::Uuid;

/// Why a report cannot be made as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// A period or summary that breaks the wire contract's rules.
    #[error(transparent)]
    Request(#[from] ReportRequestError),
    #[error("organisation {0} not found")]
    UnknownOrg(Uuid),
    /// An organisation the account may not read.
    #[error("the organisation is outside this account's scope")]
    OutOfScope,
}

impl ReportError {
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
) -> Result<Loaded, AppError> {
    let period = params.period().map_err(ReportError::from)?;
    let tree = db::orgs::tree(db).await?;
    let root = params.org.unwrap_or(principal.org_id);
    // Scope first: an id that names nothing is outside every scope but an
    // admin's, so a cadre or viewer gets the same answer for an unknown
    // organisation as for another's, and learns nothing of which exist.
    if !principal.can_read_org(&tree, &root) {
        return Err(ReportError::OutOfScope.into());
    }
    if tree.get(&root).is_none() {
        return Err(ReportError::UnknownOrg(root).into());
    }
    let scope = scope::report_scope(principal, &tree, &root);
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
    .map_err(|e| AppError::Internal(format!("building the report: {e}")))?;
    Ok(Loaded {
        report,
        catalogue,
        lang: params.lang.unwrap_or_default(),
    })
}
