//! From what was typed into the form to an [`Entry`]: parsing the text fields
//! (numbers from a Chinese keyboard, money in 元 or 万元, partners in one line),
//! then `shared::validate` for the rules. Pure code, tested natively.

use shared::access::Denied;
use shared::catalogue::{Catalogue, Shape, Unit};
use shared::entry::{Level, MemberChange, Person};
use shared::money::Fen;
use shared::text::{self, half_width};
use shared::validate::{validate_edit, validate_entry, Field, ValidationError};
use shared::{Entry, LocalDate};
use std::collections::BTreeMap;
use uuid::Uuid;

/// What is wrong with one field of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldError {
    /// A rule of `shared::validate` (the same the server applies).
    Rule(ValidationError),
    /// A count that is not a whole number (by its key).
    NotANumber(String),
    /// A sum of money that is not an amount in 元.
    NotMoney(String),
    /// The organisation cannot be recorded for (`shared::access`).
    Org(Denied),
}

impl FieldError {
    /// The entry field the message belongs beside.
    pub fn field(&self) -> Field {
        match self {
            FieldError::Rule(e) => e.field(),
            FieldError::NotANumber(_) | FieldError::NotMoney(_) => Field::Counts,
            FieldError::Org(_) => Field::Org,
        }
    }

    /// For a count's message: which count's input it belongs beside.
    pub fn count_key(&self) -> Option<&str> {
        match self {
            FieldError::Rule(e) => e.count_key(),
            FieldError::NotANumber(k) | FieldError::NotMoney(k) => Some(k),
            FieldError::Org(_) => None,
        }
    }
}

/// The form's fields as typed (kept as a draft, `crate::state::draft`, when the
/// form is left unsaved).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct FormInput {
    /// The organisation's id, as the select's value.
    pub org: String,
    pub kind: String,
    pub title: String,
    pub date: String,
    /// Empty: a one-day activity.
    pub end_date: String,
    pub place: String,
    /// A [`Level`] code.
    pub level: String,
    /// Partners in one line, separated by 、，, or spaces.
    pub partners: String,
    /// Each count's text by its key (money in 元).
    pub counts: BTreeMap<String, String>,
    pub person: String,
    /// A [`MemberChange`] code.
    pub change: String,
    pub replaces: String,
    pub reason: String,
    pub note: String,
    /// The photos in the order shown, captions as typed (the bytes are in
    /// the phone's photo store, `state::photos`).
    pub photos: Vec<shared::photo::PhotoRef>,
}

impl FormInput {
    /// What the form shows for an existing entry (to edit it).
    pub fn from_entry(e: &Entry, catalogue: &Catalogue) -> FormInput {
        let def = catalogue.kind(&e.kind);
        let counts = e
            .counts
            .iter()
            .map(|(k, v)| {
                let money = def
                    .and_then(|d| d.count(k))
                    .is_some_and(|c| c.unit == Unit::MoneyFen);
                let text = if money {
                    Fen(*v).short()
                } else {
                    v.to_string()
                };
                (k.clone(), text)
            })
            .collect();
        let person = e.person.clone().unwrap_or_default();
        FormInput {
            org: e.org_id.to_string(),
            kind: e.kind.clone(),
            title: e.title.clone(),
            date: e.date.to_string(),
            end_date: e.end_date.map(|d| d.to_string()).unwrap_or_default(),
            place: e.place.clone(),
            level: e.level.code().to_owned(),
            partners: e.partners.join("、"),
            counts,
            person: person.name,
            change: person
                .change
                .map(|c| c.code().to_owned())
                .unwrap_or_default(),
            replaces: person.replaces,
            reason: person.reason,
            note: e.note.clone(),
            photos: e.photos.clone(),
        }
    }

    /// The entry this input describes, or every problem found, in form
    /// order. `base` is the entry being edited (its id and creation time are
    /// kept), or `None` for a new one with `new_id`. `may_record` is the
    /// account's check of the organisation (`Principal::check_write`).
    #[allow(clippy::too_many_arguments)]
    pub fn to_entry(
        &self,
        base: Option<&Entry>,
        new_id: Uuid,
        now_ms: i64,
        today: LocalDate,
        catalogue: &Catalogue,
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
        let end_date = match self.end_date.trim() {
            "" => None,
            text => match text.parse::<LocalDate>() {
                Ok(d) if d == date => None,
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(FieldError::Rule(ValidationError::Required {
                        field: Field::EndDate,
                    }));
                    None
                }
            },
        };
        let def = catalogue.kind(&self.kind);
        let shape = def.map_or(Shape::Activity, |d| d.shape);
        let mut counts = BTreeMap::new();
        if let Some(def) = def {
            for c in &def.counts {
                let text = text::trim(self.counts.get(&c.key).map_or("", String::as_str));
                if text.is_empty() {
                    continue; // a missing required count is validation's to report
                }
                let parsed = if c.unit == Unit::MoneyFen {
                    Fen::parse(text)
                        .map(|f| f.0)
                        .ok_or_else(|| FieldError::NotMoney(c.key.clone()))
                } else {
                    parse_count(text).ok_or_else(|| FieldError::NotANumber(c.key.clone()))
                };
                match parsed {
                    Ok(v) => {
                        counts.insert(c.key.clone(), v);
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
        let person = shape.has_person().then(|| Person {
            name: text::trim(&self.person).to_owned(),
            change: match shape {
                Shape::Member => MemberChange::from_code(&self.change),
                _ => None,
            },
            replaces: if self.change == MemberChange::Replaced.code() {
                text::trim(&self.replaces).to_owned()
            } else {
                String::new()
            },
            reason: if shape == Shape::Member {
                text::trim(&self.reason).to_owned()
            } else {
                String::new()
            },
        });
        let entry = Entry {
            id: base.map_or(new_id, |b| b.id),
            org_id,
            kind: self.kind.clone(),
            title: text::trim(&self.title).to_owned(),
            date,
            end_date: if shape.has_person() { None } else { end_date },
            place: text::trim(&self.place).to_owned(),
            level: Level::from_code(&self.level).unwrap_or(Level::Village),
            partners: if shape.has_person() {
                Vec::new()
            } else {
                split_partners(&self.partners)
            },
            counts,
            person,
            note: self.note.trim_end().to_owned(),
            photos: self
                .photos
                .iter()
                .map(|p| shared::photo::PhotoRef {
                    caption: text::trim(&p.caption).to_owned(),
                    ..p.clone()
                })
                .collect(),
            deleted: false,
            created_ms: base.map_or(now_ms, |b| b.created_ms),
            updated_ms: now_ms,
        };
        // An edit is judged as the server judges it: text rules only where
        // it changes the entry (an old entry may hold text from before a rule).
        let judged = match base {
            Some(before) => validate_edit(before, &entry, catalogue, today),
            None => validate_entry(&entry, catalogue, today, true),
        };
        if let Err(rules) = judged {
            // A field that did not parse already has its message.
            let parsed: Vec<(Field, Option<String>)> = errors
                .iter()
                .map(|e| (e.field(), e.count_key().map(str::to_owned)))
                .collect();
            errors.extend(
                rules
                    .into_iter()
                    .filter(|e| !parsed.contains(&(e.field(), e.count_key().map(str::to_owned))))
                    .map(FieldError::Rule),
            );
        }
        if errors.is_empty() {
            Ok(entry)
        } else {
            // In form order, without pulling a sort into the wasm.
            Err(Field::ALL
                .iter()
                .flat_map(|&f| errors.iter().filter(move |e| e.field() == f).cloned())
                .collect())
        }
    }
}

/// Partners typed in one line: split at 、，, ; and spaces, empties dropped.
pub fn split_partners(typed: &str) -> Vec<String> {
    typed
        .split(['、', '，', ',', '；', ';', ' ', '\u{3000}'])
        .map(text::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A count as typed: empty means 0; `None` if it is not a whole number. A
/// number too big for `u64` becomes `u64::MAX`, which validation then
/// reports as too large.
pub fn parse_count(text: &str) -> Option<u64> {
    let digits = half_width(text);
    if digits.is_empty() {
        return Some(0);
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse::<u64>().unwrap_or(u64::MAX))
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
