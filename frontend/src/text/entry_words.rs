//! How the catalogue's words describe an entry on screen: the kind with its
//! work line, the counts with their measure words, the person of a roster
//! change or an honour. Pure, tested natively.

use crate::text::figures;
use shared::catalogue::{Catalogue, Shape};
use shared::entry::{EntryField, MemberChange};
use shared::{Entry, Lang};

/// "宣讲活动 · 思想引领".
pub fn kind_title(catalogue: &Catalogue, kind: &str, lang: Lang) -> String {
    match catalogue.kind(kind) {
        Some(k) => match catalogue.line(&k.line) {
            Some(line) => format!("{} · {}", k.name(lang), line.name(lang)),
            None => k.name(lang).to_owned(),
        },
        None => kind.to_owned(),
    }
}

/// What an entry counted, in one line: "80场 · 4,000人次", or for people
/// "王秀英 · 调整（替换李红）", "张家 · 市级".
pub fn entry_summary(catalogue: &Catalogue, entry: &Entry, lang: Lang) -> String {
    let def = catalogue.kind(&entry.kind);
    let shape = def.map_or(Shape::Activity, |d| d.shape);
    let mut parts: Vec<String> = Vec::new();
    if let Some(p) = &entry.person {
        parts.push(p.name.clone());
        match (p.change, lang) {
            (Some(MemberChange::Replaced), Lang::Zh) if !p.replaces.is_empty() => {
                parts.push(format!("调整（替换{}）", p.replaces))
            }
            (Some(MemberChange::Replaced), Lang::En) if !p.replaces.is_empty() => {
                parts.push(format!("replaced {}", p.replaces))
            }
            (Some(c), l) => parts.push(c.label(l).to_owned()),
            (None, _) => {}
        }
    }
    if matches!(shape, Shape::Honour { .. }) {
        parts.push(entry.level.label(lang).to_owned());
    }
    match def {
        Some(def) => {
            for c in &def.counts {
                if let Some(v) = entry.counts.get(&c.key) {
                    parts.push(figures::count(*v, c.unit, lang));
                }
            }
        }
        None => parts.extend(entry.counts.iter().map(|(k, v)| format!("{k} {v}"))),
    }
    parts.join(" · ")
}

/// One field's value as a person reads it, e.g. for the two sides of a
/// conflict: `value` is the field's JSON (`Entry::field_value`), shown in the
/// context of `entry`; `org_name` names an organisation.
pub fn field_text(
    catalogue: &Catalogue,
    entry: &Entry,
    field: EntryField,
    value: &serde_json::Value,
    lang: Lang,
    org_name: impl Fn(&uuid::Uuid) -> String,
) -> String {
    let mut e = entry.clone();
    if !e.set_field_value(field, value) {
        return value.to_string();
    }
    let empty = || lang.pick("（空）", "(empty)").to_owned();
    let text = |s: &str| if s.is_empty() { empty() } else { s.to_owned() };
    match field {
        EntryField::Org => org_name(&e.org_id),
        EntryField::Kind => catalogue.kind_name(&e.kind, lang).to_owned(),
        EntryField::Title => text(&e.title),
        EntryField::Place => text(&e.place),
        EntryField::Note => text(&e.note),
        EntryField::Date => e.date.to_string(),
        EntryField::EndDate => e.end_date.map_or_else(empty, |d| d.to_string()),
        EntryField::Level => e.level.label(lang).to_owned(),
        EntryField::Partners => text(&e.partners.join("、")),
        EntryField::Counts => {
            e.person = None;
            text(&entry_summary(catalogue, &e, lang))
        }
        EntryField::Person => e.person.map_or_else(empty, |p| p.name),
        // The phone's photo screens come later; until then the count and captions.
        EntryField::Photos => text(
            &e.photos
                .iter()
                .enumerate()
                .map(|(i, p)| match lang {
                    Lang::Zh => format!("图{}{}", i + 1, p.caption),
                    Lang::En => format!("Photo {} {}", i + 1, p.caption),
                })
                .collect::<Vec<_>>()
                .join("、"),
        ),
        EntryField::Deleted => lang
            .pick(
                if e.deleted { "已删除" } else { "未删除" },
                if e.deleted { "deleted" } else { "not deleted" },
            )
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::catalogue_default::default_catalogue;
    use shared::entry::Person;
    use shared::fixtures::sample_entry;

    #[test]
    fn summaries() {
        let cat = default_catalogue();
        let mut e = sample_entry(0);
        e.counts = [("sessions".into(), 80), ("participants".into(), 4000)].into();
        assert_eq!(entry_summary(&cat, &e, Lang::Zh), "80场 · 4,000人次");
        assert_eq!(kind_title(&cat, "lecture", Lang::Zh), "宣讲活动 · 思想引领");
        e.kind = "committee_change".into();
        e.counts.clear();
        e.person = Some(Person {
            name: "王秀英".into(),
            change: Some(MemberChange::Replaced),
            replaces: "李红".into(),
            reason: String::new(),
        });
        assert_eq!(
            entry_summary(&cat, &e, Lang::Zh),
            "王秀英 · 调整（替换李红）"
        );
        e.kind = "honour_family".into();
        e.person = Some(Person {
            name: "张家".into(),
            ..Person::default()
        });
        e.level = shared::entry::Level::City;
        assert_eq!(entry_summary(&cat, &e, Lang::Zh), "张家 · 市级");
    }

    #[test]
    fn field_texts() {
        let cat = default_catalogue();
        let e = sample_entry(0);
        let name = |_: &uuid::Uuid| "河湾社区妇联".to_owned();
        let text = |f, v: serde_json::Value| field_text(&cat, &e, f, &v, Lang::Zh, name);
        assert_eq!(
            text(EntryField::Title, serde_json::json!("新名称")),
            "新名称"
        );
        assert_eq!(text(EntryField::Note, serde_json::json!("")), "（空）");
        assert_eq!(
            text(
                EntryField::Counts,
                serde_json::json!({"sessions": 3, "participants": 90})
            ),
            "3场 · 90人次"
        );
        assert_eq!(text(EntryField::Deleted, serde_json::json!(true)), "已删除");
        assert_eq!(
            text(EntryField::Org, e.field_value(EntryField::Org)),
            "河湾社区妇联"
        );
        assert_eq!(
            text(EntryField::Date, serde_json::json!(7)),
            "7",
            "a value that does not fit"
        );
    }
}
