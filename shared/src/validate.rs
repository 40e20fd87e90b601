//! Validation of an entry: the one rule set that runs in the form on the phone
//! and again on the server. Every failure names its field and renders in both
//! languages; failures are data (serialisable) so the server can send them back
//! in a receipt and the phone can show them in the user's language.
#![deny(missing_docs)]

use crate::catalogue::{Catalogue, Shape};
use crate::date::LocalDate;
use crate::entry::{Entry, EntryField, MemberChange};
use crate::photo::reference::{MAX_CAPTION_CHARS, MAX_PHOTOS};
use crate::photo::PhotoRef;
use crate::text;
use std::collections::BTreeMap;

#[path = "validate_error.rs"]
mod error;
pub use error::ValidationError;

/// Field names in messages and forms are the entry's fields.
pub use crate::entry::EntryField as Field;

/// Longest title, in characters (Unicode scalar values, as typed).
pub const MAX_TITLE_CHARS: usize = 100;
/// Longest place, in characters.
pub const MAX_PLACE_CHARS: usize = 100;
/// Longest kind code, in characters.
pub const MAX_KIND_CHARS: usize = 40;
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;
/// Most partner offices one entry names.
pub const MAX_PARTNERS: usize = 10;
/// Longest name of one partner office, in characters.
pub const MAX_PARTNER_CHARS: usize = 40;
/// Longest name of a person or household (also of the member replaced), in characters.
pub const MAX_NAME_CHARS: usize = 40;
/// Longest reason of a committee change, in characters.
pub const MAX_REASON_CHARS: usize = 200;
/// Days a date may lie after "today", for phones whose clock or zone is off.
pub const FUTURE_GRACE_DAYS: i64 = 1;
/// The longest span of days one entry may cover (a year-long programme).
pub const MAX_SPAN_DAYS: i64 = 366;
/// The earliest date the ledger accepts.
pub const EARLIEST_DATE: (i32, u8, u8) = (2000, 1, 1);
/// The device-clock times an entry carries (`created_ms`, `updated_ms`) must
/// lie in [1970-01-01, 2100-01-01) UTC. A phone whose clock fell back to 1970
/// (a cheap phone after its battery ran flat) still syncs, its skew pointed
/// out, not refused; beyond these bounds lie only forged values, which would
/// overflow a browser's dates and the server's arithmetic.
pub const EARLIEST_CLOCK_MS: i64 = 0;
/// The first device-clock time refused: 2100-01-01T00:00Z, ms since the Unix epoch.
pub const LATEST_CLOCK_MS: i64 = 4_102_444_800_000;

/// Checks `entry` against every rule of `catalogue`; `today` is the checker's
/// local date; `new` is false for edits (which may keep a retired kind).
/// Returns every failure, in field order, so a form can mark them all at once.
pub fn validate_entry(
    entry: &Entry,
    catalogue: &Catalogue,
    today: LocalDate,
    new: bool,
) -> Result<(), Vec<ValidationError>> {
    let mut errors = Vec::new();
    if entry.kind.trim().is_empty() {
        errors.push(ValidationError::Required { field: Field::Kind });
    } else if entry.kind.chars().count() > MAX_KIND_CHARS {
        errors.push(ValidationError::TooLong {
            field: Field::Kind,
            max: MAX_KIND_CHARS,
        });
    }
    let kind_errors = if errors.is_empty() {
        check_counts(catalogue, &entry.kind, &entry.counts, new)
    } else {
        Vec::new()
    };
    let (kind_first, counts_later): (Vec<_>, Vec<_>) = kind_errors
        .into_iter()
        .partition(|e| e.field() == Field::Kind);
    errors.extend(kind_first);
    text(
        &mut errors,
        Field::Title,
        &entry.title,
        true,
        MAX_TITLE_CHARS,
    );
    dates(&mut errors, entry, today);
    let clock = EARLIEST_CLOCK_MS..LATEST_CLOCK_MS;
    if !clock.contains(&entry.created_ms) || !clock.contains(&entry.updated_ms) {
        errors.push(ValidationError::ClockOutOfRange);
    }
    text(
        &mut errors,
        Field::Place,
        &entry.place,
        false,
        MAX_PLACE_CHARS,
    );
    partners(&mut errors, &entry.partners);
    errors.extend(counts_later);
    let shape = catalogue.kind(&entry.kind).map(|k| k.shape);
    person(&mut errors, entry, shape);
    note(&mut errors, &entry.note, Field::Note, MAX_NOTE_CHARS);
    photos(&mut errors, &entry.photos);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Fields whose values are judged together: the end date against the
/// date; the counts and the person against the kind (and each other).
const LINKED: [&[EntryField]; 2] = [
    &[EntryField::Date, EntryField::EndDate],
    &[EntryField::Kind, EntryField::Counts, EntryField::Person],
];

/// Whether a change of `changed` makes the rules of `field` judged again.
fn judged_with(changed: EntryField, field: EntryField) -> bool {
    changed == field
        || LINKED
            .iter()
            .any(|g| g.contains(&changed) && g.contains(&field))
}

/// Checks an edit: `after` (the whole entry as the edit leaves it) made from
/// `before`. Rules across fields and of the entry's structure (kind, counts,
/// person, dates, clocks) hold for `after` as a whole; the rules of a field's
/// own text (blank, length, how many, refused characters) are judged only on
/// the fields the edit changes, with the fields linked to them. So an entry
/// stored before a text rule existed (a zero-width or bidi character in its
/// title) can still have its counts corrected, while an edit cannot bring
/// such text in. Edits may keep a retired kind.
pub fn validate_edit(
    before: &Entry,
    after: &Entry,
    catalogue: &Catalogue,
    today: LocalDate,
) -> Result<(), Vec<ValidationError>> {
    let Err(errors) = validate_entry(after, catalogue, today, false) else {
        return Ok(());
    };
    let changed = before.changed_fields(after);
    let errors: Vec<ValidationError> = errors
        .into_iter()
        .filter(|e| !e.is_text_rule() || changed.iter().any(|&c| judged_with(c, e.field())))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Checks an entry's kind and counts: the kind known (and, for `new`
/// entries, not retired: edits of old entries may keep it), required
/// counts present, no others, each within its unit's limit.
pub fn check_counts(
    catalogue: &Catalogue,
    kind: &str,
    counts: &BTreeMap<String, u64>,
    new: bool,
) -> Vec<ValidationError> {
    let Some(def) = catalogue.kind(kind) else {
        return vec![ValidationError::UnknownKind {
            kind: kind.to_owned(),
        }];
    };
    let mut errors = Vec::new();
    if new && def.retired {
        errors.push(ValidationError::RetiredKind {
            kind: kind.to_owned(),
        });
    }
    for c in &def.counts {
        match counts.get(&c.key) {
            None if c.required => errors.push(ValidationError::MissingCount { key: c.key.clone() }),
            Some(&v) if v > c.unit.max() => errors.push(ValidationError::CountTooLarge {
                key: c.key.clone(),
                max: c.unit.max(),
            }),
            _ => {}
        }
    }
    for key in counts.keys() {
        if def.count(key).is_none() {
            errors.push(ValidationError::UnexpectedCount { key: key.clone() });
        }
    }
    errors
}

fn dates(errors: &mut Vec<ValidationError>, entry: &Entry, today: LocalDate) {
    let latest = today.add_days(FUTURE_GRACE_DAYS);
    if entry.date > latest {
        errors.push(ValidationError::FutureDate { field: Field::Date });
    } else if let Some(earliest) = LocalDate::new(EARLIEST_DATE.0, EARLIEST_DATE.1, EARLIEST_DATE.2)
    {
        if entry.date < earliest {
            errors.push(ValidationError::TooOld);
        }
    }
    if let Some(end) = entry.end_date {
        if end < entry.date {
            errors.push(ValidationError::EndBeforeStart);
        } else if end.to_days() - entry.date.to_days() >= MAX_SPAN_DAYS {
            errors.push(ValidationError::SpanTooLong { max: MAX_SPAN_DAYS });
        } else if end > latest {
            errors.push(ValidationError::FutureDate {
                field: Field::EndDate,
            });
        }
    }
}

fn partners(errors: &mut Vec<ValidationError>, partners: &[String]) {
    if partners.len() > MAX_PARTNERS {
        errors.push(ValidationError::TooMany {
            field: Field::Partners,
            max: MAX_PARTNERS,
        });
        return;
    }
    for p in partners {
        let before = errors.len();
        text(errors, Field::Partners, p, true, MAX_PARTNER_CHARS);
        if errors.len() > before {
            return; // one message for the field is enough
        }
    }
}

fn person(errors: &mut Vec<ValidationError>, entry: &Entry, shape: Option<Shape>) {
    let Some(shape) = shape else { return };
    match (&entry.person, shape) {
        (None, Shape::Activity) => {}
        (Some(_), Shape::Activity) => errors.push(ValidationError::UnexpectedPerson),
        (None, _) => errors.push(ValidationError::Required {
            field: Field::Person,
        }),
        (Some(p), shape) => {
            text(errors, Field::Person, &p.name, true, MAX_NAME_CHARS);
            match (shape, p.change) {
                (Shape::Member, None) => errors.push(ValidationError::ChangeRequired),
                (Shape::Member, Some(MemberChange::Replaced))
                    if text::trim(&p.replaces).is_empty() =>
                {
                    errors.push(ValidationError::ReplacesRequired)
                }
                _ => {}
            }
            let before = errors.len();
            text(errors, Field::Person, &p.replaces, false, MAX_NAME_CHARS);
            if errors.len() == before {
                note(errors, &p.reason, Field::Person, MAX_REASON_CHARS);
            }
        }
    }
}

/// The photo list: at most [`MAX_PHOTOS`], each well formed and listed
/// once, captions one line of at most [`MAX_CAPTION_CHARS`]. One message per
/// photo at most, and the first photo's message is enough for the field.
fn photos(errors: &mut Vec<ValidationError>, photos: &[PhotoRef]) {
    if photos.len() > MAX_PHOTOS {
        errors.push(ValidationError::TooMany {
            field: Field::Photos,
            max: MAX_PHOTOS,
        });
        return;
    }
    let mut seen = std::collections::HashSet::new();
    for (index, p) in photos.iter().enumerate() {
        let error = if !p.is_well_formed() {
            ValidationError::BadPhoto { index }
        } else if !seen.insert(p.sha256.as_str()) {
            ValidationError::DuplicatePhoto { index }
        } else if p.caption.chars().count() > MAX_CAPTION_CHARS {
            ValidationError::CaptionTooLong {
                index,
                max: MAX_CAPTION_CHARS,
            }
        } else if p.caption.chars().any(text::refused_in_line) {
            ValidationError::CaptionControlChars { index }
        } else {
            continue;
        };
        errors.push(error);
        return;
    }
}

/// One line of text ([`crate::text`]: blank is spaces and zero-width
/// characters; control and bidirectional characters refused).
fn text(errors: &mut Vec<ValidationError>, field: Field, value: &str, required: bool, max: usize) {
    if required && text::trim(value).is_empty() {
        errors.push(ValidationError::Required { field });
    } else if value.chars().count() > max {
        errors.push(ValidationError::TooLong { field, max });
    } else if value.chars().any(text::refused_in_line) {
        errors.push(ValidationError::ControlChars { field });
    }
}

/// Free text: line breaks and tabs allowed, other control characters and
/// bidirectional controls refused.
fn note(errors: &mut Vec<ValidationError>, value: &str, field: Field, max: usize) {
    if value.chars().count() > max {
        errors.push(ValidationError::TooLong { field, max });
    } else if value.chars().any(text::refused_in_text) {
        errors.push(ValidationError::ControlChars { field });
    }
}

/// Whether `field` is part of what an entry of this shape records (the form
/// shows only these).
pub fn field_applies(field: EntryField, shape: Shape) -> bool {
    match field {
        EntryField::Counts | EntryField::Partners | EntryField::EndDate | EntryField::Place => {
            !shape.has_person() || field == EntryField::Place
        }
        EntryField::Person => shape.has_person(),
        _ => true,
    }
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "validate_photo_tests.rs"]
mod photo_tests;
