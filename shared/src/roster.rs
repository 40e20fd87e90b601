//! The executive committee (执委) of an organisation as its recorded changes
//! make it: who serves on a given day, and every change with its date and
//! reason (the article's 进退). A roster is never stored on its own: it is
//! the fold of the committee-change entries, so it syncs and is edited like
//! any other entry.

use crate::catalogue::{Catalogue, Shape};
use crate::date::LocalDate;
use crate::entry::{Entry, MemberChange};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A member serving on the day asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    /// The day of the change that brought her onto the committee.
    pub since: LocalDate,
}

/// One change of the committee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterChange {
    pub entry_id: Uuid,
    pub date: LocalDate,
    pub change: MemberChange,
    pub name: String,
    /// For a replacement: who left.
    pub replaces: String,
    pub reason: String,
}

/// The committee of one organisation on one day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    /// Serving members, in the order they joined.
    pub members: Vec<Member>,
    /// Every change up to the day, oldest first.
    pub changes: Vec<RosterChange>,
}

/// The committee of `org` on `as_of`, from the committee changes among
/// `entries` (tombstones ignored), applied in date order (then in the order
/// they were made). Leaving someone who is not on the committee changes
/// nothing; joining twice keeps one.
pub fn roster<'a>(
    entries: impl IntoIterator<Item = &'a Entry>,
    catalogue: &Catalogue,
    org: Uuid,
    as_of: LocalDate,
) -> Roster {
    let mut changes: Vec<(&Entry, RosterChange)> = entries
        .into_iter()
        .filter(|e| e.org_id == org && !e.deleted && e.date <= as_of)
        .filter(|e| {
            catalogue
                .kind(&e.kind)
                .is_some_and(|k| k.shape == Shape::Member)
        })
        .filter_map(|e| {
            let p = e.person.as_ref()?;
            Some((
                e,
                RosterChange {
                    entry_id: e.id,
                    date: e.date,
                    change: p.change?,
                    name: p.name.trim().to_owned(),
                    replaces: p.replaces.trim().to_owned(),
                    reason: p.reason.clone(),
                },
            ))
        })
        .collect();
    changes.sort_by_key(|(e, c)| (c.date, e.created_ms, e.id));
    let mut members: Vec<Member> = Vec::new();
    for (_, c) in &changes {
        let leaving = match c.change {
            MemberChange::Joined => None,
            MemberChange::Left => Some(c.name.as_str()),
            MemberChange::Replaced => Some(c.replaces.as_str()),
        };
        if let Some(name) = leaving {
            members.retain(|m| m.name != name);
        }
        if c.change != MemberChange::Left && !members.iter().any(|m| m.name == c.name) {
            members.push(Member {
                name: c.name.clone(),
                since: c.date,
            });
        }
    }
    Roster {
        members,
        changes: changes.into_iter().map(|(_, c)| c).collect(),
    }
}

/// How many changes of each sort were made between `from` and `to` (both
/// included), for the reports ("调整4名、增补2名").
pub fn change_counts(
    roster: &Roster,
    from: LocalDate,
    to: LocalDate,
) -> BTreeMap<&'static str, u64> {
    let mut counts = BTreeMap::new();
    for c in roster
        .changes
        .iter()
        .filter(|c| from <= c.date && c.date <= to)
    {
        *counts.entry(c.change.code()).or_default() += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue_default::default_catalogue;
    use crate::entry::Person;
    use crate::fixtures::sample_entry;

    fn change(n: u32, date: &str, change: MemberChange, name: &str, replaces: &str) -> Entry {
        let mut e = sample_entry(n);
        e.kind = "committee_change".into();
        e.counts.clear();
        e.date = date.parse().unwrap();
        e.person = Some(Person {
            name: name.into(),
            change: Some(change),
            replaces: replaces.into(),
            reason: "不能正常履职".into(),
        });
        e
    }

    #[test]
    fn the_roster_follows_its_changes_in_date_order() {
        let cat = default_catalogue();
        let org = sample_entry(0).org_id;
        let mut entries = vec![
            change(0, "2023-01-05", MemberChange::Joined, "李红", ""),
            change(4, "2023-01-05", MemberChange::Joined, "赵敏", ""),
            // Made earlier but dated later: applied by date.
            change(8, "2023-06-01", MemberChange::Replaced, "王秀英", "李红"),
            change(12, "2023-03-01", MemberChange::Joined, "孙丽", ""),
            change(16, "2023-09-01", MemberChange::Left, "赵敏", ""),
            change(20, "2023-10-01", MemberChange::Left, "不在名单上的人", ""),
        ];
        let mut gone = change(24, "2023-02-01", MemberChange::Joined, "已删除", "");
        gone.deleted = true;
        entries.push(gone);
        let mut elsewhere = change(1, "2023-02-01", MemberChange::Joined, "别的组织", "");
        elsewhere.org_id = Uuid::from_u128(99);
        entries.push(elsewhere);

        let end = roster(&entries, &cat, org, "2023-12-31".parse().unwrap());
        let names: Vec<&str> = end.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, vec!["孙丽", "王秀英"]);
        assert_eq!(end.members[1].since, "2023-06-01".parse().unwrap());
        assert_eq!(end.changes.len(), 6);

        let mid = roster(&entries, &cat, org, "2023-05-31".parse().unwrap());
        let names: Vec<&str> = mid.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, vec!["李红", "赵敏", "孙丽"]);

        let counts = change_counts(
            &end,
            "2023-02-01".parse().unwrap(),
            "2023-12-31".parse().unwrap(),
        );
        assert_eq!(counts.get("replaced"), Some(&1));
        assert_eq!(counts.get("joined"), Some(&1));
        assert_eq!(counts.get("left"), Some(&2));
    }
}
