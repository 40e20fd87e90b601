//! The history screen's query: the entries of a period, a work line or a
//! kind, matching a text, grouped by month, newest first. Pure, so the
//! phone's list and its benchmark run the same code.

use crate::catalogue::Catalogue;
use crate::date::Period;
use crate::entry::Entry;

/// What the person filtered for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryQuery {
    /// A work line's code.
    pub line: Option<String>,
    /// A kind's code.
    pub kind: Option<String>,
    pub period: Option<Period>,
    /// Words to find in the title, place, note, partners, name or kind.
    pub text: String,
}

/// One month of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthGroup<T> {
    pub year: i32,
    pub month: u8,
    pub items: Vec<T>,
}

impl HistoryQuery {
    /// Whether `entry` is one the query asks for. Tombstones never are.
    pub fn matches(&self, entry: &Entry, catalogue: &Catalogue) -> bool {
        if entry.deleted {
            return false;
        }
        if let Some(kind) = &self.kind {
            if &entry.kind != kind {
                return false;
            }
        }
        let def = catalogue.kind(&entry.kind);
        if let Some(line) = &self.line {
            if def.is_none_or(|d| &d.line != line) {
                return false;
            }
        }
        if let Some(p) = &self.period {
            if !p.contains(entry.date) {
                return false;
            }
        }
        let text = self.text.trim().to_lowercase();
        if text.is_empty() {
            return true;
        }
        let mut hay = [
            entry.title.as_str(),
            entry.place.as_str(),
            entry.note.as_str(),
        ]
        .iter()
        .any(|f| f.to_lowercase().contains(&text));
        hay = hay
            || entry
                .partners
                .iter()
                .any(|p| p.to_lowercase().contains(&text));
        hay = hay
            || entry
                .person
                .as_ref()
                .is_some_and(|p| p.name.to_lowercase().contains(&text));
        hay || def.is_some_and(|d| d.zh.contains(&text) || d.en.to_lowercase().contains(&text))
    }
}

/// The items whose entry (`entry_of`) matches `query`, newest date first
/// (then newest made first), grouped by the month of their date.
pub fn history<T>(
    items: Vec<T>,
    entry_of: impl Fn(&T) -> &Entry,
    query: &HistoryQuery,
    catalogue: &Catalogue,
) -> Vec<MonthGroup<T>> {
    let mut kept: Vec<T> = items
        .into_iter()
        .filter(|i| query.matches(entry_of(i), catalogue))
        .collect();
    kept.sort_by(|a, b| {
        let (a, b) = (entry_of(a), entry_of(b));
        b.date.cmp(&a.date).then(b.id.cmp(&a.id))
    });
    let mut groups: Vec<MonthGroup<T>> = Vec::new();
    for item in kept {
        let d = entry_of(&item).date;
        match groups.last_mut() {
            Some(g) if g.year == d.year() && g.month == d.month() => g.items.push(item),
            _ => groups.push(MonthGroup {
                year: d.year(),
                month: d.month(),
                items: vec![item],
            }),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue_default::default_catalogue;
    use crate::fixtures::sample_entry;

    #[test]
    fn groups_by_month_newest_first_and_filters() {
        let cat = default_catalogue();
        let entries: Vec<Entry> = (0..100).map(sample_entry).collect();
        let all = history(entries.clone(), |e| e, &HistoryQuery::default(), &cat);
        assert_eq!(all.iter().map(|g| g.items.len()).sum::<usize>(), 100);
        assert_eq!((all[0].year, all[0].month), (2023, 4)); // days 0..99 of 2023
        assert!(all
            .windows(2)
            .all(|w| (w[0].year, w[0].month) > (w[1].year, w[1].month)));
        assert!(all[0].items.windows(2).all(|w| w[0].date >= w[1].date));

        let q = HistoryQuery {
            line: Some("care".into()),
            ..HistoryQuery::default()
        };
        let care = history(entries.clone(), |e| e, &q, &cat);
        assert!(care
            .iter()
            .flat_map(|g| &g.items)
            .all(|e| e.kind == "visit"));
        assert_eq!(care.iter().map(|g| g.items.len()).sum::<usize>(), 25);

        let q = HistoryQuery {
            text: "普法".into(),
            period: Some(Period::month_of("2023-01-15".parse().unwrap())),
            ..HistoryQuery::default()
        };
        let found = history(entries.clone(), |e| e, &q, &cat);
        let n: usize = found.iter().map(|g| g.items.len()).sum();
        assert_eq!(
            n, 7,
            "legal-awareness entries of January 2023: days 3, 7, … 27"
        );

        let mut gone = entries;
        gone[0].deleted = true;
        let q = HistoryQuery::default();
        let left: usize = history(gone, |e| e, &q, &cat)
            .iter()
            .map(|g| g.items.len())
            .sum();
        assert_eq!(left, 99);
    }
}
