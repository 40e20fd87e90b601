//! Validation of an entry: the one rule set that runs in the form on the phone
//! and again on the server. Every failure names its field and renders in both
//! languages; failures are data (serialisable) so the server can send them back
//! in a receipt and the phone can show them in the user's language.

use crate::date::LocalDate;
use crate::entry::Entry;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// Longest title, place and kind code, in characters.
pub const MAX_TITLE_CHARS: usize = 100;
pub const MAX_PLACE_CHARS: usize = 100;
pub const MAX_KIND_CHARS: usize = 40;
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;
/// Plausibility limits: a typo of an extra digit is caught, a real activity is not.
pub const MAX_SESSIONS: u32 = 10_000;
pub const MAX_PARTICIPANTS: u32 = 100_000;
/// Days a date may lie after "today", for phones whose clock or zone is off.
pub const FUTURE_GRACE_DAYS: i64 = 1;
/// The earliest date the ledger accepts.
pub const EARLIEST_DATE: (i32, u8, u8) = (2000, 1, 1);

/// A field of an entry, for pointing at it in a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Kind,
    Title,
    Date,
    Place,
    Sessions,
    Participants,
    Note,
}

impl Field {
    /// Every field, in the order the form shows them.
    pub const ALL: [Field; 7] = [
        Field::Kind,
        Field::Title,
        Field::Date,
        Field::Place,
        Field::Sessions,
        Field::Participants,
        Field::Note,
    ];

    /// The field's name on the wire and its id in the form.
    pub fn id(self) -> &'static str {
        match self {
            Field::Kind => "kind",
            Field::Title => "title",
            Field::Date => "date",
            Field::Place => "place",
            Field::Sessions => "sessions",
            Field::Participants => "participants",
            Field::Note => "note",
        }
    }

    /// The field's label as the form shows it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::Kind => lang.pick("活动类型", "Kind"),
            Field::Title => lang.pick("活动名称", "Title"),
            Field::Date => lang.pick("日期", "Date"),
            Field::Place => lang.pick("地点", "Place"),
            Field::Sessions => lang.pick("场次", "Sessions"),
            Field::Participants => lang.pick("参与人数", "Participants"),
            Field::Note => lang.pick("备注", "Note"),
        }
    }
}

/// Why an entry is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum ValidationError {
    #[error("{field:?} is required")]
    Required { field: Field },
    #[error("{field:?} is longer than {max} characters")]
    TooLong { field: Field, max: usize },
    #[error("{field:?} is larger than {max}")]
    TooLarge { field: Field, max: u32 },
    #[error("{field:?} contains control characters")]
    ControlChars { field: Field },
    #[error("the date lies in the future")]
    FutureDate,
    #[error("the date is before the year 2000")]
    TooOld,
}

impl ValidationError {
    /// The field the message belongs beside.
    pub fn field(&self) -> Field {
        match self {
            ValidationError::Required { field }
            | ValidationError::TooLong { field, .. }
            | ValidationError::TooLarge { field, .. }
            | ValidationError::ControlChars { field } => *field,
            ValidationError::FutureDate | ValidationError::TooOld => Field::Date,
        }
    }

    /// A sentence for the person who typed it, naming the field.
    pub fn message(&self, lang: Lang) -> String {
        let label = self.field().label(lang);
        match (self, lang) {
            (ValidationError::Required { .. }, Lang::Zh) => format!("请填写{label}"),
            (ValidationError::Required { .. }, Lang::En) => format!("{label} is required"),
            (ValidationError::TooLong { max, .. }, Lang::Zh) => format!("{label}不能超过{max}个字"),
            (ValidationError::TooLong { max, .. }, Lang::En) => {
                format!("{label} must be at most {max} characters")
            }
            (ValidationError::TooLarge { max, .. }, Lang::Zh) => {
                format!("{label}不能超过{max}，请检查是否多输了一位")
            }
            (ValidationError::TooLarge { max, .. }, Lang::En) => {
                format!("{label} must be at most {max}; check for an extra digit")
            }
            (ValidationError::ControlChars { .. }, Lang::Zh) => {
                format!("{label}含有无法显示的字符")
            }
            (ValidationError::ControlChars { .. }, Lang::En) => {
                format!("{label} contains characters that cannot be shown")
            }
            (ValidationError::FutureDate, Lang::Zh) => "日期不能晚于今天".to_string(),
            (ValidationError::FutureDate, Lang::En) => "The date cannot be after today".to_string(),
            (ValidationError::TooOld, Lang::Zh) => "日期不能早于2000年".to_string(),
            (ValidationError::TooOld, Lang::En) => "The date cannot be before 2000".to_string(),
        }
    }
}

/// Checks `entry` against every rule; `today` is the checker's local date.
/// Returns every failure, in field order, so a form can mark them all at once.
pub fn validate_entry(entry: &Entry, today: LocalDate) -> Result<(), Vec<ValidationError>> {
    let mut errors = Vec::new();
    text(&mut errors, Field::Kind, &entry.kind, true, MAX_KIND_CHARS);
    text(
        &mut errors,
        Field::Title,
        &entry.title,
        true,
        MAX_TITLE_CHARS,
    );
    if entry.date > today.add_days(FUTURE_GRACE_DAYS) {
        errors.push(ValidationError::FutureDate);
    } else if let Some(earliest) = LocalDate::new(EARLIEST_DATE.0, EARLIEST_DATE.1, EARLIEST_DATE.2)
    {
        if entry.date < earliest {
            errors.push(ValidationError::TooOld);
        }
    }
    text(
        &mut errors,
        Field::Place,
        &entry.place,
        false,
        MAX_PLACE_CHARS,
    );
    count(&mut errors, Field::Sessions, entry.sessions, MAX_SESSIONS);
    count(
        &mut errors,
        Field::Participants,
        entry.participants,
        MAX_PARTICIPANTS,
    );
    note(&mut errors, &entry.note);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn text(errors: &mut Vec<ValidationError>, field: Field, value: &str, required: bool, max: usize) {
    if required && value.trim().is_empty() {
        errors.push(ValidationError::Required { field });
    } else if value.chars().count() > max {
        errors.push(ValidationError::TooLong { field, max });
    } else if value.chars().any(char::is_control) {
        errors.push(ValidationError::ControlChars { field });
    }
}

fn note(errors: &mut Vec<ValidationError>, value: &str) {
    // Notes may have line breaks and tabs; other control characters are refused.
    if value.chars().count() > MAX_NOTE_CHARS {
        errors.push(ValidationError::TooLong {
            field: Field::Note,
            max: MAX_NOTE_CHARS,
        });
    } else if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.push(ValidationError::ControlChars { field: Field::Note });
    }
}

fn count(errors: &mut Vec<ValidationError>, field: Field, value: u32, max: u32) {
    if value > max {
        errors.push(ValidationError::TooLarge { field, max });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::sample_entry;

    fn today() -> LocalDate {
        "2026-11-29".parse().unwrap()
    }

    #[test]
    fn a_plain_entry_is_valid() {
        assert_eq!(validate_entry(&sample_entry(1), today()), Ok(()));
    }

    #[test]
    fn reports_every_failure_with_its_field() {
        let mut e = sample_entry(1);
        e.title = "  ".into();
        e.participants = MAX_PARTICIPANTS + 1;
        e.place = "村".repeat(MAX_PLACE_CHARS + 1);
        let errors = validate_entry(&e, today()).unwrap_err();
        let fields: Vec<Field> = errors.iter().map(ValidationError::field).collect();
        assert_eq!(
            fields,
            vec![Field::Title, Field::Place, Field::Participants]
        );
        assert_eq!(errors[0].message(Lang::Zh), "请填写活动名称");
        assert_eq!(
            errors[2].message(Lang::En),
            "Participants must be at most 100000; check for an extra digit"
        );
    }

    #[test]
    fn dates_get_one_day_of_grace() {
        let mut e = sample_entry(1);
        e.date = today().add_days(1);
        assert_eq!(validate_entry(&e, today()), Ok(()));
        e.date = today().add_days(2);
        assert_eq!(
            validate_entry(&e, today()),
            Err(vec![ValidationError::FutureDate])
        );
        e.date = "1999-12-31".parse().unwrap();
        assert_eq!(
            validate_entry(&e, today()),
            Err(vec![ValidationError::TooOld])
        );
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let mut e = sample_entry(1);
        e.title = "宣".repeat(MAX_TITLE_CHARS);
        assert_eq!(validate_entry(&e, today()), Ok(()));
        e.note = "好\n".repeat(MAX_NOTE_CHARS / 2);
        assert_eq!(validate_entry(&e, today()), Ok(()));
        e.title.push('宣');
        assert!(validate_entry(&e, today()).is_err());
    }

    #[test]
    fn control_characters_are_refused_but_markup_is_just_text() {
        let mut e = sample_entry(1);
        e.title = "<script>alert(1)</script>'; DROP TABLE entries; --".into();
        assert_eq!(validate_entry(&e, today()), Ok(()));
        e.place = "村\u{0}".into();
        assert_eq!(
            validate_entry(&e, today()),
            Err(vec![ValidationError::ControlChars {
                field: Field::Place
            }])
        );
    }

    #[test]
    fn errors_travel_as_json() {
        let err = ValidationError::TooLong {
            field: Field::Note,
            max: 2000,
        };
        let json = serde_json::to_string(&err).unwrap();
        assert_eq!(json, r#"{"rule":"too_long","field":"note","max":2000}"#);
        assert_eq!(serde_json::from_str::<ValidationError>(&json).unwrap(), err);
    }
}
