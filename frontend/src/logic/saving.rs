//! Saving the entry form, decided in one plain function: make the entry from
//! what was typed (parse, `shared::validate`, may this account record for
//! that organisation), store it, and say what came of it. The form applies
//! the outcome (marks the fields, or remembers the choices, drops the draft,
//! asks for a sync and leaves); storing is handed in, so this is tested
//! natively with any store.

use crate::logic::form::{FieldError, FormInput};
use shared::access::Denied;
use shared::catalogue::{Catalogue, Shape};
use shared::device::AddError;
use shared::{Entry, LocalDate};
use uuid::Uuid;

/// What a save needs besides the form: the entry being edited (none for a
/// new one), a fresh id and the phone's time, the catalogue, and whether the
/// account may record for an organisation.
pub struct Attempt<'a, MayRecord> {
    pub base: Option<&'a Entry>,
    pub new_id: Uuid,
    pub now_ms: i64,
    pub today: LocalDate,
    pub catalogue: &'a Catalogue,
    pub may_record: MayRecord,
}

/// What came of pressing "保存到本机".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The entry is in the phone's storage.
    Stored(Stored),
    /// Fields to mark beside their inputs; nothing was stored.
    Problems(Vec<FieldError>),
    /// Not stored for a reason that is no field's (storage full, gone…);
    /// the form keeps what was typed.
    Failed(AddError),
}

/// A stored entry: what its kind's next form should start with, and whether
/// it was new (leave to home) or an edit (back to the history).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub new: bool,
    pub kind: String,
    pub shape: Shape,
    pub org: Uuid,
    /// The place as typed, without blank edges.
    pub place: String,
    pub level: String,
}

/// Makes the entry of `form` and hands it to `store` (which adds it when
/// `new`, else stores the edit). Nothing is stored while a field is wrong.
pub fn save(
    form: &FormInput,
    attempt: Attempt<'_, impl Fn(&Uuid) -> Result<(), Denied>>,
    store: impl FnOnce(Entry, bool) -> Result<(), AddError>,
) -> Outcome {
    let Attempt {
        base,
        new_id,
        now_ms,
        today,
        catalogue,
        may_record,
    } = attempt;
    let entry = match form.to_entry(base, new_id, now_ms, today, catalogue, may_record) {
        Ok(entry) => entry,
        Err(found) => return Outcome::Problems(found),
    };
    let new = base.is_none();
    let stored = Stored {
        new,
        kind: entry.kind.clone(),
        shape: catalogue
            .kind(&entry.kind)
            .map_or(Shape::Activity, |k| k.shape),
        org: entry.org_id,
        place: form.place.trim().to_owned(),
        level: form.level.clone(),
    };
    match store(entry, new) {
        Ok(()) => Outcome::Stored(stored),
        Err(AddError::Invalid(rules)) => {
            Outcome::Problems(rules.into_iter().map(FieldError::Rule).collect())
        }
        Err(other) => Outcome::Failed(other),
    }
}

#[cfg(test)]
#[path = "saving_tests.rs"]
mod tests;
