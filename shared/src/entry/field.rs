//! An entry's fields by name: [`EntryField`] (what an edit names as changed,
//! what a validation message stands beside, what a conflict is about) and
//! reading, comparing and setting an [`Entry`] one field at a time.

use super::Entry;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// A field of an entry: what an edit names as changed, and what a
/// validation message stands beside.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EntryField {
    /// The organisation (`org_id`).
    Org,
    /// The kind's code (`kind`); moves together with `counts` and `person`.
    Kind,
    /// The title.
    Title,
    /// The date (first day).
    Date,
    /// The last day of a span (`end_date`).
    EndDate,
    /// The place.
    Place,
    /// The level.
    Level,
    /// The partner offices.
    Partners,
    /// The counts.
    Counts,
    /// The person or household (the whole `person`).
    Person,
    /// The note (简要说明).
    Note,
    /// The photos (the whole list: order and captions too).
    Photos,
    /// The tombstone: a delete or an undo is an edit of this field.
    Deleted,
}

impl EntryField {
    /// Every field, in the order the form shows them.
    pub const ALL: [EntryField; 13] = [
        EntryField::Org,
        EntryField::Kind,
        EntryField::Title,
        EntryField::Date,
        EntryField::EndDate,
        EntryField::Place,
        EntryField::Level,
        EntryField::Partners,
        EntryField::Counts,
        EntryField::Person,
        EntryField::Note,
        EntryField::Photos,
        EntryField::Deleted,
    ];

    /// The field's name on the wire and its id in the form.
    pub fn id(self) -> &'static str {
        match self {
            EntryField::Org => "org",
            EntryField::Kind => "kind",
            EntryField::Title => "title",
            EntryField::Date => "date",
            EntryField::EndDate => "end_date",
            EntryField::Place => "place",
            EntryField::Level => "level",
            EntryField::Partners => "partners",
            EntryField::Counts => "counts",
            EntryField::Person => "person",
            EntryField::Note => "note",
            EntryField::Photos => "photos",
            EntryField::Deleted => "deleted",
        }
    }

    /// The field's label as the form shows it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            EntryField::Org => lang.pick("组织", "Organisation"),
            EntryField::Kind => lang.pick("类型", "Kind"),
            EntryField::Title => lang.pick("名称", "Title"),
            EntryField::Date => lang.pick("日期", "Date"),
            EntryField::EndDate => lang.pick("结束日期", "End date"),
            EntryField::Place => lang.pick("地点", "Place"),
            EntryField::Level => lang.pick("级别", "Level"),
            EntryField::Partners => lang.pick("协办单位", "Partners"),
            EntryField::Counts => lang.pick("数量", "Counts"),
            EntryField::Person => lang.pick("姓名", "Name"),
            EntryField::Note => lang.pick("简要说明", "Description"),
            EntryField::Photos => lang.pick("照片", "Photos"),
            EntryField::Deleted => lang.pick("删除", "Deleted"),
        }
    }
}

impl Entry {
    /// The fields in which `other` differs from `self`, in field order.
    pub fn changed_fields(&self, other: &Entry) -> Vec<EntryField> {
        EntryField::ALL
            .into_iter()
            .filter(|&f| !self.same_field(other, f))
            .collect()
    }

    /// Whether `self` and `other` agree on `field`.
    pub fn same_field(&self, other: &Entry, field: EntryField) -> bool {
        match field {
            EntryField::Org => self.org_id == other.org_id,
            EntryField::Kind => self.kind == other.kind,
            EntryField::Title => self.title == other.title,
            EntryField::Date => self.date == other.date,
            EntryField::EndDate => self.end_date == other.end_date,
            EntryField::Place => self.place == other.place,
            EntryField::Level => self.level == other.level,
            EntryField::Partners => self.partners == other.partners,
            EntryField::Counts => self.counts == other.counts,
            EntryField::Person => self.person == other.person,
            EntryField::Note => self.note == other.note,
            EntryField::Photos => self.photos == other.photos,
            EntryField::Deleted => self.deleted == other.deleted,
        }
    }

    /// Takes `field`'s value from `from`.
    pub fn copy_field(&mut self, from: &Entry, field: EntryField) {
        match field {
            EntryField::Org => self.org_id = from.org_id,
            EntryField::Kind => self.kind.clone_from(&from.kind),
            EntryField::Title => self.title.clone_from(&from.title),
            EntryField::Date => self.date = from.date,
            EntryField::EndDate => self.end_date = from.end_date,
            EntryField::Place => self.place.clone_from(&from.place),
            EntryField::Level => self.level = from.level,
            EntryField::Partners => self.partners.clone_from(&from.partners),
            EntryField::Counts => self.counts.clone_from(&from.counts),
            EntryField::Person => self.person.clone_from(&from.person),
            EntryField::Note => self.note.clone_from(&from.note),
            EntryField::Photos => self.photos.clone_from(&from.photos),
            EntryField::Deleted => self.deleted = from.deleted,
        }
    }

    /// The value of `field` as JSON (for conflict records).
    pub fn field_value(&self, field: EntryField) -> serde_json::Value {
        let value = match field {
            EntryField::Org => serde_json::to_value(self.org_id),
            EntryField::Kind => serde_json::to_value(&self.kind),
            EntryField::Title => serde_json::to_value(&self.title),
            EntryField::Date => serde_json::to_value(self.date),
            EntryField::EndDate => serde_json::to_value(self.end_date),
            EntryField::Place => serde_json::to_value(&self.place),
            EntryField::Level => serde_json::to_value(self.level),
            EntryField::Partners => serde_json::to_value(&self.partners),
            EntryField::Counts => serde_json::to_value(&self.counts),
            EntryField::Person => serde_json::to_value(&self.person),
            EntryField::Note => serde_json::to_value(&self.note),
            EntryField::Photos => serde_json::to_value(&self.photos),
            EntryField::Deleted => serde_json::to_value(self.deleted),
        };
        // Plain data: serialising cannot fail.
        value.unwrap_or(serde_json::Value::Null)
    }

    /// Sets `field` from a JSON value of [`Self::field_value`]'s shape (to
    /// take a conflict's other value); `false`, and nothing changed, if the
    /// value does not fit the field.
    pub fn set_field_value(&mut self, field: EntryField, value: &serde_json::Value) -> bool {
        fn take<T: serde::de::DeserializeOwned>(v: &serde_json::Value, slot: &mut T) -> bool {
            match T::deserialize(v) {
                Ok(x) => {
                    *slot = x;
                    true
                }
                Err(_) => false,
            }
        }
        match field {
            EntryField::Org => take(value, &mut self.org_id),
            EntryField::Kind => take(value, &mut self.kind),
            EntryField::Title => take(value, &mut self.title),
            EntryField::Date => take(value, &mut self.date),
            EntryField::EndDate => take(value, &mut self.end_date),
            EntryField::Place => take(value, &mut self.place),
            EntryField::Level => take(value, &mut self.level),
            EntryField::Partners => take(value, &mut self.partners),
            EntryField::Counts => take(value, &mut self.counts),
            EntryField::Person => take(value, &mut self.person),
            EntryField::Note => take(value, &mut self.note),
            EntryField::Photos => take(value, &mut self.photos),
            EntryField::Deleted => take(value, &mut self.deleted),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::Person;
    use crate::test_support::sample_entry;

    #[test]
    fn changed_fields_and_copy_field_agree() {
        let a = sample_entry(1);
        let mut b = a.clone();
        b.title = "另一个".into();
        b.counts.insert("sessions".into(), 9);
        b.deleted = true;
        let fields = a.changed_fields(&b);
        assert_eq!(
            fields,
            vec![EntryField::Title, EntryField::Counts, EntryField::Deleted]
        );
        let mut c = a.clone();
        for f in fields {
            c.copy_field(&b, f);
        }
        assert_eq!(c, b);
    }

    #[test]
    fn field_values_round_trip() {
        let a = sample_entry(1);
        let mut b = sample_entry(6);
        b.deleted = true;
        b.person = Some(Person {
            name: "张家".into(),
            ..Person::default()
        });
        for f in EntryField::ALL {
            let mut c = a.clone();
            assert!(c.set_field_value(f, &b.field_value(f)), "{f:?}");
            assert!(c.same_field(&b, f), "{f:?}");
        }
        let mut c = a.clone();
        assert!(!c.set_field_value(EntryField::Date, &serde_json::json!(5)));
        assert_eq!(c, a);
    }

    #[test]
    fn ids_are_distinct() {
        let ids: std::collections::HashSet<_> = EntryField::ALL.iter().map(|f| f.id()).collect();
        assert_eq!(ids.len(), EntryField::ALL.len());
    }
}
