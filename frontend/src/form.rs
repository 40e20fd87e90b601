//! From what was typed into the form to an [`Entry`]: parsing the text fields,
//! then `shared::validate` for the rules. Pure code, tested natively.

use shared::access::Denied;
use shared::validate::{validate_entry, Field, ValidationError};
use shared::{Entry, LocalDate};
use uuid::Uuid;

/// What is wrong with one field of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    /// A rule of `shared::validate` (the same the server applies).
    Rule(ValidationError),
    /// A count that is not a whole number.
    NotANumber(Field),
    /// The organisation cannot be recorded for (`shared::access`).
    Org(Denied),
}

impl FieldError {
    /// The entry field the message belongs beside; `None` for the organisation.
    pub fn field(&self) -> Option<Field> {
        match self {
            FieldError::Rule(e) => Some(e.field()),
            FieldError::NotANumber(field) => Some(*field),
            FieldError::Org(_) => None,
        }
    }
}

/// The form's fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormInput {
    /// The organisation's id, as the select's value.
    pub org: String,
    pub kind: String,
    pub title: String,
    pub date: String,
    pub place: String,
    pub sessions: String,
    pub participants: String,
    pub note: String,
}

impl FormInput {
    /// The entry this input describes, made now on this phone, or every
    /// problem found, in form order. `may_record` is the account's check of
    /// the organisation (`Principal::check_write` over its tree).
    pub fn to_entry(
        &self,
        id: Uuid,
        now_ms: i64,
        today: LocalDate,
        may_record: impl Fn(&Uuid) -> Result<(), Denied>,
    ) -> Result<Entry, Vec<FieldError>> {
        let mut errors = Vec::new();
        let org_id = match self.org.parse::<Uuid>() {
            Ok(org) => org,
            Err(_) => {
                errors.push(FieldError::Org(Denied::UnknownOrganisation));
                Uuid::nil()
            }
        };
        if errors.is_empty() {
            if let Err(denied) = may_record(&org_id) {
                errors.push(FieldError::Org(denied));
            }
        }
        let date = self.date.trim().parse::<LocalDate>().unwrap_or_else(|_| {
            errors.push(FieldError::Rule(ValidationError::Required {
                field: Field::Date,
            }));
            today
        });
        let mut count = |field, text: &str| {
            parse_count(text).unwrap_or_else(|| {
                errors.push(FieldError::NotANumber(field));
                0
            })
        };
        let sessions = count(Field::Sessions, &self.sessions);
        let participants = count(Field::Participants, &self.participants);
        let entry = Entry {
            id,
            org_id,
            kind: self.kind.clone(),
            title: self.title.trim().to_owned(),
            date,
            place: self.place.trim().to_owned(),
            sessions,
            participants,
            note: self.note.trim_end().to_owned(),
            created_ms: now_ms,
            updated_ms: now_ms,
        };
        if let Err(rules) = validate_entry(&entry, today) {
            // A field that did not parse already has its message.
            let parsed: Vec<Option<Field>> = errors.iter().map(FieldError::field).collect();
            errors.extend(
                rules
                    .into_iter()
                    .filter(|e| !parsed.contains(&Some(e.field())))
                    .map(FieldError::Rule),
            );
        }
        if errors.is_empty() {
            Ok(entry)
        } else {
            // In form order (the organisation first), without pulling a sort into the wasm.
            Err(std::iter::once(None)
                .chain(Field::ALL.iter().copied().map(Some))
                .flat_map(|f| errors.iter().filter(move |e| e.field() == f).cloned())
                .collect())
        }
    }
}

/// A count as typed: empty means 0; full-width digits (from a Chinese
/// keyboard) count as digits; `None` if it is not a whole number. A number too
/// big for `u32` becomes `u32::MAX`, which validation then reports as too large.
pub fn parse_count(text: &str) -> Option<u32> {
    let digits: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    if digits.is_empty() {
        return Some(0);
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse::<u32>().unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> LocalDate {
        LocalDate::new(2026, 11, 29).unwrap()
    }

    const ORG: Uuid = Uuid::from_u128(7);

    fn anywhere(_: &Uuid) -> Result<(), Denied> {
        Ok(())
    }

    fn filled() -> FormInput {
        FormInput {
            org: ORG.to_string(),
            kind: "lecture".into(),
            title: " 学习二十大巾帼宣讲 ".into(),
            date: "2026-11-28".into(),
            place: "河湾社区".into(),
            sessions: "1".into(),
            participants: "８０".into(),
            note: String::new(),
        }
    }

    #[test]
    fn a_filled_form_makes_an_entry() {
        let entry = filled()
            .to_entry(Uuid::nil(), 7, today(), anywhere)
            .unwrap();
        assert_eq!(entry.org_id, ORG);
        assert_eq!(entry.title, "学习二十大巾帼宣讲");
        assert_eq!(entry.participants, 80);
        assert_eq!((entry.created_ms, entry.updated_ms), (7, 7));
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count(""), Some(0));
        assert_eq!(parse_count(" 12 "), Some(12));
        assert_eq!(parse_count("80人"), None);
        assert_eq!(parse_count("-1"), None);
        assert_eq!(parse_count("99999999999"), Some(u32::MAX));
    }

    #[test]
    fn every_problem_is_reported_once_in_field_order() {
        let mut input = filled();
        input.participants = "八十".into();
        input.title = String::new();
        input.date = "2026-13-01".into();
        input.sessions = "99999999999".into();
        let errors = input
            .to_entry(Uuid::nil(), 0, today(), |_| Err(Denied::OutOfScope))
            .unwrap_err();
        let fields: Vec<Option<Field>> = errors.iter().map(FieldError::field).collect();
        assert_eq!(
            fields,
            vec![
                None,
                Some(Field::Title),
                Some(Field::Date),
                Some(Field::Sessions),
                Some(Field::Participants)
            ]
        );
        assert_eq!(errors[0], FieldError::Org(Denied::OutOfScope));
        assert_eq!(errors[4], FieldError::NotANumber(Field::Participants));
    }

    #[test]
    fn an_organisation_is_required() {
        let mut input = filled();
        input.org = String::new();
        let errors = input
            .to_entry(Uuid::nil(), 0, today(), anywhere)
            .unwrap_err();
        assert_eq!(errors, vec![FieldError::Org(Denied::UnknownOrganisation)]);
    }
}
