//! A reader's `shared::scope::Scope` as SQL, once for every read: the
//! listing, pulls, conflicts and reports filter by it in the database.

use shared::scope::Scope;
use std::collections::HashSet;
use uuid::Uuid;

/// ` AND …` over the `org_id` and `sensitive` columns (named with `prefix`,
/// e.g. `e.`; entries, conflicts and the report rollup all keep both), with
/// placeholders from `$first` on, and the values to bind to them in order.
/// Empty for [`Scope::Everything`]. The organisation list comes first: it is
/// the first column of the indexes the reads use.
pub(crate) fn filter(scope: &Scope, prefix: &str, first: usize) -> (String, Vec<Uuid>) {
    let Scope::Orgs {
        orgs,
        sensitive_orgs,
    } = scope
    else {
        return (String::new(), Vec::new());
    };
    let mut sql = format!(" AND {prefix}org_id IN ({})", in_list(first, orgs.len()));
    let mut ids = orgs.clone();
    let all: HashSet<&Uuid> = sensitive_orgs.iter().collect();
    if sensitive_orgs.is_empty() {
        sql.push_str(&format!(" AND {prefix}sensitive = 0"));
    } else if !orgs.iter().all(|o| all.contains(o)) {
        let list = in_list(first + orgs.len(), sensitive_orgs.len());
        sql.push_str(&format!(
            " AND ({prefix}sensitive = 0 OR {prefix}org_id IN ({list}))"
        ));
        ids.extend(sensitive_orgs.iter().copied());
    }
    (sql, ids)
}

/// `$first, $first+1, …` for `n` values; an empty list matches nothing
/// (`IN ()` is not valid SQL on PostgreSQL).
pub(crate) fn in_list(first: usize, n: usize) -> String {
    if n == 0 {
        return "NULL".into();
    }
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_names_what_it_binds() {
        let (a, b, c) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        assert_eq!(filter(&Scope::Everything, "e.", 3), (String::new(), vec![]));
        let scoped = |orgs: Vec<Uuid>, sensitive_orgs: Vec<Uuid>| Scope::Orgs {
            orgs,
            sensitive_orgs,
        };
        assert_eq!(
            filter(&scoped(vec![a, b], vec![]), "e.", 3),
            (
                " AND e.org_id IN ($3, $4) AND e.sensitive = 0".into(),
                vec![a, b]
            )
        );
        assert_eq!(
            filter(&scoped(vec![a, b], vec![a, b]), "", 1),
            (" AND org_id IN ($1, $2)".into(), vec![a, b])
        );
        assert_eq!(
            filter(&scoped(vec![a, b, c], vec![b]), "c.", 3),
            (
                " AND c.org_id IN ($3, $4, $5) AND (c.sensitive = 0 OR c.org_id IN ($6))".into(),
                vec![a, b, c, b]
            )
        );
        // Nothing readable reads nothing (`IN (NULL)` is never true).
        assert_eq!(
            filter(&scoped(vec![], vec![]), "e.", 3).0,
            " AND e.org_id IN (NULL) AND e.sensitive = 0"
        );
    }
}
