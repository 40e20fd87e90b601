//! The 工作目录 editor's shared state ([`Editing`]): the version edited, the
//! changes not yet saved and the catalogue they make, given as context to the
//! editor's parts (`catalogue_kind`, `catalogue_add`) by the screen
//! (`catalogue`).

use leptos::prelude::*;
use shared::catalogue::edit::{apply, CatalogueOp, EditError};
use shared::catalogue::Catalogue;
use shared::report::build::Report;

/// What the editor's parts share: the version edited, the changes not yet
/// saved, and the catalogue they make.
#[derive(Clone, Copy)]
pub(super) struct Editing {
    pub base: RwSignal<Option<Catalogue>>,
    pub ops: RwSignal<Vec<CatalogueOp>>,
    pub draft: Memo<Option<Catalogue>>,
    /// Why the last change could not be made.
    pub refused: RwSignal<Option<EditError>>,
    /// This year's report, for the summary sentence's preview.
    pub report: RwSignal<Option<Report>>,
}

impl Editing {
    /// Adds `op` if the rules allow it after the changes made so far; else
    /// says why. True when added.
    pub fn push(self, op: CatalogueOp) -> bool {
        let Some(base) = self.base.get_untracked() else {
            return false;
        };
        let mut ops = self.ops.get_untracked();
        ops.push(op);
        match apply(&base, &ops) {
            Ok(_) => {
                self.ops.set(ops);
                self.refused.set(None);
                true
            }
            Err(e) => {
                self.refused.set(Some(e));
                false
            }
        }
    }

    /// A new code for a line or kind added in this edit: the version it will
    /// have and a running number, so it was never used before (codes of
    /// retired kinds are never reused). People see only the names.
    pub fn new_code(self, prefix: &str) -> String {
        let version = self
            .base
            .with_untracked(|b| b.as_ref().map_or(0, |b| b.version))
            + 1;
        let n = self.ops.with_untracked(Vec::len) + 1;
        format!("{prefix}{version}_{n}")
    }
}
