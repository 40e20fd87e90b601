//! Editing the catalogue of work: an admin's edit as plain operations
//! ([`CatalogueOp`]) applied to the version in force, each save producing the
//! next version ([`apply`]). What an edit may not do is a typed
//! [`EditError`] with a sentence in both languages.
//!
//! Why operations and not a whole edited catalogue: every operation keeps the
//! promises entries rely on by construction (kinds and counts are only added,
//! renamed, reworded or retired; keys never change meaning), and
//! [`check_successor`] checks the result against its base once more, so a
//! future operation cannot quietly break them. Entries are validated under
//! the version they were made with, so tightening a rule (a count becoming
//! required) never refuses an older phone's entry.
#![deny(missing_docs)]

use super::{Catalogue, CountDef, KindDef, Phrase, Shape, WorkLine};
use crate::text;
use serde::{Deserialize, Serialize};

#[path = "catalogue_edit_error.rs"]
mod error;
pub use error::EditError;

/// Longest code of a work line or kind, and key of a count.
pub const MAX_KEY_CHARS: usize = 40;
/// Longest name of a line, kind or count, in either language.
pub const MAX_NAME_CHARS: usize = 40;
/// Longest summary sentence template, in characters.
pub const MAX_PHRASE_CHARS: usize = 300;
/// Most counts one kind asks for.
pub const MAX_COUNTS: usize = 12;
/// Most operations in one save.
pub const MAX_OPS: usize = 100;

/// One change an admin makes to the catalogue.
///
/// Externally tagged on the wire (`{"add_kind": {…}}`), like the sync's
/// changes, so a decoding error names its path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CatalogueOp {
    /// A new work line, listed last.
    AddLine {
        /// Its code, never used before.
        code: String,
        /// Its name in Chinese.
        zh: String,
        /// Its name in English.
        en: String,
    },
    /// A new activity kind under a work line, with its counts.
    AddKind {
        /// Its code, never used before (not even by a retired kind).
        code: String,
        /// The work line it belongs to.
        line: String,
        /// Its name in Chinese.
        zh: String,
        /// Its name in English.
        en: String,
        /// The counts an entry of it carries, in the form's order.
        counts: Vec<CountDef>,
        /// Whether its records name vulnerable people.
        #[serde(default)]
        sensitive: bool,
    },
    /// A new count for an existing kind (older entries simply lack it).
    AddCount {
        /// The kind's code.
        kind: String,
        /// The new count; its key is new to the kind.
        count: CountDef,
    },
    /// New names for a kind; its code (what entries carry) stays.
    RenameKind {
        /// The kind's code.
        kind: String,
        /// The new Chinese name.
        zh: String,
        /// The new English name.
        en: String,
    },
    /// New names for a count; its key stays, so its totals stay.
    RenameCount {
        /// The kind's code.
        kind: String,
        /// The count's key.
        key: String,
        /// The new Chinese name.
        zh: String,
        /// The new English name.
        en: String,
    },
    /// A new summary sentence template for a kind (placeholders as in
    /// [`crate::report::summary`]); an empty template falls back to the plain list.
    RewordPhrase {
        /// The kind's code.
        kind: String,
        /// The new templates.
        phrase: Phrase,
    },
    /// Marks a kind's records as sensitive, or not.
    SetSensitive {
        /// The kind's code.
        kind: String,
        /// Whether its records name vulnerable people.
        sensitive: bool,
    },
    /// No longer offered for new entries; old entries keep it (never deleted).
    RetireKind {
        /// The kind's code.
        kind: String,
    },
}

/// `POST /api/v1/catalogue`: the operations and the version they were made
/// from. A base other than the version in force is refused (409): the admin
/// sees the newer catalogue and edits again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogueEdit {
    /// The version the admin's screen showed when the edit began.
    pub base_version: u32,
    /// The operations, applied in order.
    pub ops: Vec<CatalogueOp>,
}

/// Applies `ops` to `base` in order: the next version, or the first
/// operation's error (nothing is half applied).
pub fn apply(base: &Catalogue, ops: &[CatalogueOp]) -> Result<Catalogue, EditError> {
    if ops.is_empty() {
        return Err(EditError::NothingToSave);
    }
    if ops.len() > MAX_OPS {
        return Err(EditError::TooManyOps { max: MAX_OPS });
    }
    let mut next = base.clone();
    next.version = base
        .version
        .checked_add(1)
        .ok_or(EditError::NothingToSave)?;
    for op in ops {
        apply_one(&mut next, op)?;
    }
    check_successor(base, &next)?;
    Ok(next)
}

fn apply_one(cat: &mut Catalogue, op: &CatalogueOp) -> Result<(), EditError> {
    match op {
        CatalogueOp::AddLine { code, zh, en } => {
            key(code)?;
            if cat.line(code).is_some() {
                return Err(EditError::DuplicateKey { key: code.clone() });
            }
            names(zh, en)?;
            cat.lines.push(WorkLine {
                code: code.clone(),
                zh: text::trim(zh).to_owned(),
                en: text::trim(en).to_owned(),
            });
        }
        CatalogueOp::AddKind {
            code,
            line,
            zh,
            en,
            counts,
            sensitive,
        } => {
            key(code)?;
            match cat.kind(code) {
                Some(k) if k.retired => return Err(EditError::RetiredKey { key: code.clone() }),
                Some(_) => return Err(EditError::DuplicateKey { key: code.clone() }),
                None => {}
            }
            if cat.line(line).is_none() {
                return Err(EditError::UnknownLine { line: line.clone() });
            }
            names(zh, en)?;
            if counts.len() > MAX_COUNTS {
                return Err(EditError::TooManyCounts { max: MAX_COUNTS });
            }
            let mut kind = KindDef {
                code: code.clone(),
                line: line.clone(),
                zh: text::trim(zh).to_owned(),
                en: text::trim(en).to_owned(),
                counts: Vec::new(),
                shape: Shape::Activity,
                sensitive: *sensitive,
                retired: false,
                phrase: Phrase::default(),
            };
            for c in counts {
                add_count(&mut kind, c)?;
            }
            cat.kinds.push(kind);
        }
        CatalogueOp::AddCount { kind, count } => {
            let def = kind_mut(cat, kind)?;
            if def.shape != Shape::Activity {
                return Err(EditError::NotAnActivity { kind: kind.clone() });
            }
            if def.counts.len() >= MAX_COUNTS {
                return Err(EditError::TooManyCounts { max: MAX_COUNTS });
            }
            add_count(def, count)?;
        }
        CatalogueOp::RenameKind { kind, zh, en } => {
            names(zh, en)?;
            let def = kind_mut(cat, kind)?;
            def.zh = text::trim(zh).to_owned();
            def.en = text::trim(en).to_owned();
        }
        CatalogueOp::RenameCount { kind, key, zh, en } => {
            names(zh, en)?;
            let def = kind_mut(cat, kind)?;
            let count = def
                .counts
                .iter_mut()
                .find(|c| &c.key == key)
                .ok_or_else(|| EditError::UnknownCount { key: key.clone() })?;
            count.zh = text::trim(zh).to_owned();
            count.en = text::trim(en).to_owned();
        }
        CatalogueOp::RewordPhrase { kind, phrase } => {
            let def = kind_mut(cat, kind)?;
            let mut clean = Phrase::default();
            for (slot, template) in [(&mut clean.zh, &phrase.zh), (&mut clean.en, &phrase.en)] {
                let Some(t) = template.as_deref().map(text::trim) else {
                    continue;
                };
                if t.is_empty() {
                    continue;
                }
                check_phrase(def, t)?;
                *slot = Some(t.to_owned());
            }
            def.phrase = clean;
        }
        CatalogueOp::SetSensitive { kind, sensitive } => {
            kind_mut(cat, kind)?.sensitive = *sensitive;
        }
        CatalogueOp::RetireKind { kind } => {
            kind_mut(cat, kind)?.retired = true;
        }
    }
    Ok(())
}

fn kind_mut<'a>(cat: &'a mut Catalogue, code: &str) -> Result<&'a mut KindDef, EditError> {
    cat.kinds
        .iter_mut()
        .find(|k| k.code == code)
        .ok_or_else(|| EditError::UnknownKind {
            kind: code.to_owned(),
        })
}

fn add_count(kind: &mut KindDef, c: &CountDef) -> Result<(), EditError> {
    key(&c.key)?;
    if kind.count(&c.key).is_some() {
        return Err(EditError::DuplicateKey { key: c.key.clone() });
    }
    names(&c.zh, &c.en)?;
    kind.counts.push(CountDef {
        key: c.key.clone(),
        unit: c.unit,
        zh: text::trim(&c.zh).to_owned(),
        en: text::trim(&c.en).to_owned(),
        required: c.required,
    });
    Ok(())
}

/// A code or key: a lower-case ASCII letter, then letters, digits or `_`.
/// ASCII because keys travel in URLs, JSON keys and SQL JSON paths.
fn key(k: &str) -> Result<(), EditError> {
    let mut chars = k.chars();
    let ok = k.len() <= MAX_KEY_CHARS
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(EditError::BadKey {
            key: k.chars().take(MAX_KEY_CHARS + 1).collect(),
        })
    }
}

/// Both names given, one line each, within [`MAX_NAME_CHARS`].
fn names(zh: &str, en: &str) -> Result<(), EditError> {
    for name in [zh, en] {
        let t = text::trim(name);
        if t.is_empty() {
            return Err(EditError::EmptyName);
        }
        if t.chars().count() > MAX_NAME_CHARS {
            return Err(EditError::NameTooLong {
                max: MAX_NAME_CHARS,
            });
        }
        if t.chars().any(text::refused_in_line) {
            return Err(EditError::ControlChars);
        }
    }
    Ok(())
}

/// A template names only what the summary can fill for this kind.
fn check_phrase(kind: &KindDef, template: &str) -> Result<(), EditError> {
    if template.chars().count() > MAX_PHRASE_CHARS {
        return Err(EditError::PhraseTooLong {
            max: MAX_PHRASE_CHARS,
        });
    }
    if template.chars().any(text::refused_in_line) {
        return Err(EditError::ControlChars);
    }
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let end = after.find('}').ok_or(EditError::UnclosedPlaceholder)?;
        let name = &after[..end];
        let known = matches!(name, "kind" | "records" | "levels")
            || (kind.shape == Shape::Member && matches!(name, "~joined" | "~left" | "~replaced"))
            || kind.count(name).is_some();
        if !known {
            return Err(EditError::UnknownPlaceholder {
                name: name.chars().take(MAX_KEY_CHARS + 1).collect(),
            });
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

/// Whether `next` may follow `base`: one version on, every line and kind
/// kept (a kind's line and shape unchanged, retired ones still retired), every
/// count kept with its unit (entries under older versions may carry it), and
/// the catalogue consistent ([`Catalogue::check`]).
pub fn check_successor(base: &Catalogue, next: &Catalogue) -> Result<(), EditError> {
    if next.version != base.version.wrapping_add(1) {
        return Err(EditError::NotNextVersion);
    }
    for line in &base.lines {
        if next.line(&line.code).is_none() {
            return Err(EditError::Removed {
                key: line.code.clone(),
            });
        }
    }
    for old in &base.kinds {
        let Some(new) = next.kind(&old.code) else {
            return Err(EditError::Removed {
                key: old.code.clone(),
            });
        };
        if new.line != old.line || new.shape != old.shape || (old.retired && !new.retired) {
            return Err(EditError::KindChanged {
                kind: old.code.clone(),
            });
        }
        for c in &old.counts {
            match new.count(&c.key) {
                None => return Err(EditError::Removed { key: c.key.clone() }),
                Some(n) if n.unit != c.unit => {
                    return Err(EditError::UnitChanged {
                        key: c.key.clone(),
                        unit: c.unit,
                    })
                }
                Some(_) => {}
            }
        }
    }
    next.check()
        .map_err(|e| EditError::Inconsistent(e.to_string()))
}

#[cfg(test)]
#[path = "catalogue_edit_tests.rs"]
mod tests;
