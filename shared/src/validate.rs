//! Validation of an entry: the one rule set that runs in the form on the phone
//! and again on the server. Every failure names its field and renders in both
//! languages; failures are data (serialisable) so the server can send them back
//! in a receipt and the phone can show them in the user's language.

use crate::catalogue::{Catalogue, Shape, Unit};
use crate::date::LocalDate;
use crate::entry::{Entry, EntryField, MemberChange};
use crate::lang::Lang;
use crate::text;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Field names in messages and forms are the entry's fields.
pub use crate::entry::EntryField as Field;

/// Longest title, place and kind code, in characters.
pub const MAX_TITLE_CHARS: usize = 100;
pub const MAX_PLACE_CHARS: usize = 100;
pub const MAX_KIND_CHARS: usize = 40;
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;
/// Partners: how many, and how long each name.
pub const MAX_PARTNERS: usize = 10;
pub const MAX_PARTNER_CHARS: usize = 40;
/// A person's or household's name, and the reason of a committee change.
pub const MAX_NAME_CHARS: usize = 40;
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
pub const LATEST_CLOCK_MS: i64 = 4_102_444_800_000;

/// Why an entry is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum ValidationError {
    #[error("{field:?} is required")]
    Required { field: Field },
    #[error("{field:?} is longer than {max} characters")]
    TooLong { field: Field, max: usize },
    #[error("{field:?} has more than {max} items")]
    TooMany { field: Field, max: usize },
    #[error("{field:?} contains control characters")]
    ControlChars { field: Field },
    #[error("{field:?} lies in the future")]
    FutureDate { field: Field },
    #[error("the date is before the year 2000")]
    TooOld,
    #[error("the end date is before the start date")]
    EndBeforeStart,
    /// `created_ms` or `updated_ms` outside [`EARLIEST_CLOCK_MS`, `LATEST_CLOCK_MS`).
    #[error("the device clock's time is outside 1970–2099")]
    ClockOutOfRange,
    #[error("the span is longer than {max} days")]
    SpanTooLong { max: i64 },
    #[error("kind {kind:?} is not in the catalogue")]
    UnknownKind { kind: String },
    #[error("kind {kind:?} is retired")]
    RetiredKind { kind: String },
    #[error("count {key:?} is required")]
    MissingCount { key: String },
    #[error("count {key:?} is not asked for by this kind")]
    UnexpectedCount { key: String },
    #[error("count {key:?} is larger than {max}")]
    CountTooLarge { key: String, max: u64 },
    #[error("this kind records no person")]
    UnexpectedPerson,
    #[error("a committee change needs what changed")]
    ChangeRequired,
    #[error("a replacement needs the name of the member replaced")]
    ReplacesRequired,
}

impl ValidationError {
    /// The field the message belongs beside.
    pub fn field(&self) -> Field {
        use ValidationError as V;
        match self {
            V::Required { field }
            | V::TooLong { field, .. }
            | V::TooMany { field, .. }
            | V::ControlChars { field }
            | V::FutureDate { field } => *field,
            V::TooOld | V::ClockOutOfRange => Field::Date,
            V::EndBeforeStart | V::SpanTooLong { .. } => Field::EndDate,
            V::UnknownKind { .. } | V::RetiredKind { .. } => Field::Kind,
            V::MissingCount { .. } | V::UnexpectedCount { .. } | V::CountTooLarge { .. } => {
                Field::Counts
            }
            V::UnexpectedPerson | V::ChangeRequired | V::ReplacesRequired => Field::Person,
        }
    }

    /// For a count's message: which count, so the form puts it beside that input.
    pub fn count_key(&self) -> Option<&str> {
        match self {
            ValidationError::MissingCount { key }
            | ValidationError::UnexpectedCount { key }
            | ValidationError::CountTooLarge { key, .. } => Some(key),
            _ => None,
        }
    }

    /// A sentence for the person who typed it, naming the field (counts by
    /// their name under `kind` in `catalogue`).
    pub fn message(&self, lang: Lang, catalogue: &Catalogue, kind: &str) -> String {
        use ValidationError as V;
        let label = self.field().label(lang);
        let count_def = |key: &str| {
            catalogue
                .kind(kind)
                .and_then(|k| k.count(key))
                .or_else(|| catalogue.kinds.iter().find_map(|k| k.count(key)))
        };
        let count_label = |key: &str| -> String {
            count_def(key).map_or_else(|| key.to_owned(), |c| c.label(lang).to_owned())
        };
        let zh = lang == Lang::Zh;
        match self {
            V::Required { .. } if zh => format!("请填写{label}"),
            V::Required { .. } => format!("{label} is required"),
            V::TooLong { max, .. } if zh => format!("{label}不能超过{max}个字"),
            V::TooLong { max, .. } => format!("{label} must be at most {max} characters"),
            V::TooMany { max, .. } if zh => format!("{label}最多{max}个"),
            V::TooMany { max, .. } => format!("{label}: at most {max}"),
            V::ControlChars { .. } if zh => format!("{label}含有无法显示的字符"),
            V::ControlChars { .. } => format!("{label} contains characters that cannot be shown"),
            V::FutureDate { .. } if zh => format!("{label}不能晚于今天"),
            V::FutureDate { .. } => format!("{label} cannot be after today"),
            V::TooOld if zh => "日期不能早于2000年".to_owned(),
            V::TooOld => "The date cannot be before 2000".to_owned(),
            V::ClockOutOfRange if zh => {
                "保存时手机的时间不正确（早于1970年或晚于2099年），请校正手机时间后重新记录"
                    .to_owned()
            }
            V::ClockOutOfRange => "The phone's clock was wrong when this was saved (before 1970 \
                                   or after 2099); set the clock and record it again"
                .to_owned(),
            V::EndBeforeStart if zh => "结束日期不能早于开始日期".to_owned(),
            V::EndBeforeStart => "The end date cannot be before the start date".to_owned(),
            V::SpanTooLong { max } if zh => format!("一条记录最长跨{max}天"),
            V::SpanTooLong { max } => format!("One entry may span at most {max} days"),
            V::UnknownKind { kind } if zh => format!("类型“{kind}”不在工作目录中，请重新选择"),
            V::UnknownKind { kind } => {
                format!("Kind “{kind}” is not in the catalogue; choose again")
            }
            V::RetiredKind { kind } if zh => {
                format!(
                    "类型“{}”已停用，请选择其他类型",
                    catalogue.kind_name(kind, lang)
                )
            }
            V::RetiredKind { kind } => format!(
                "Kind “{}” is retired; choose another",
                catalogue.kind_name(kind, lang)
            ),
            V::MissingCount { key } if zh => format!("请填写{}", count_label(key)),
            V::MissingCount { key } => format!("{} is required", count_label(key)),
            V::UnexpectedCount { key } if zh => format!("此类型不统计{}", count_label(key)),
            V::UnexpectedCount { key } => {
                format!("This kind does not count {}", count_label(key))
            }
            V::CountTooLarge { key, max } => {
                let money = count_def(key).is_some_and(|c| c.unit == Unit::MoneyFen);
                let shown = if money {
                    format!("{}{}", max / 100, lang.pick("元", " yuan"))
                } else {
                    max.to_string()
                };
                if zh {
                    format!("{}不能超过{shown}，请检查是否多输了一位", count_label(key))
                } else {
                    format!(
                        "{} must be at most {shown}; check for an extra digit",
                        count_label(key)
                    )
                }
            }
            V::UnexpectedPerson if zh => "此类型不记录姓名".to_owned(),
            V::UnexpectedPerson => "This kind records no name".to_owned(),
            V::ChangeRequired if zh => "请选择变动情况（增补、退出或调整）".to_owned(),
            V::ChangeRequired => "Choose what changed (joined, left or replaced)".to_owned(),
            V::ReplacesRequired if zh => "请填写被替换的执委姓名".to_owned(),
            V::ReplacesRequired => "Name the member who was replaced".to_owned(),
        }
    }
}

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
