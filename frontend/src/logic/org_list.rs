//! The organisation tree as the screens list it: in tree order, indented,
//! filtered by `shared::access`. Pure code over `shared::org::OrgTree`,
//! tested natively; the rules themselves are `shared`'s.

use shared::access::Principal;
use shared::org::{OrgTree, Organisation};
use shared::Lang;
use uuid::Uuid;

/// Every organisation of the tree with its depth: roots by name, each
/// followed by everything under it, children by name.
pub fn in_order(tree: &OrgTree) -> Vec<(usize, &Organisation)> {
    tree.roots()
        .into_iter()
        .flat_map(|root| tree.subtree(&root.id))
        .map(|org| (tree.depth(&org.id), org))
        .collect()
}

/// A name indented by depth, for a `<select>` (options cannot be styled).
pub fn indented(depth: usize, name: &str) -> String {
    let mut out = "\u{3000}".repeat(depth);
    out.push_str(name);
    out
}

/// The live organisations `who` may record for, in tree order, indented: for
/// a sensitive kind, only those whose sensitive records it may read too
/// (`Principal::check_write_record`, as the server checks).
pub fn writable(tree: &OrgTree, who: &Principal, sensitive: bool) -> Vec<(Uuid, String)> {
    in_order(tree)
        .into_iter()
        .filter(|(_, o)| who.check_write_record(tree, &o.id, sensitive).is_ok())
        .map(|(d, o)| (o.id, indented(d, &o.name)))
        .collect()
}

/// The live organisations `who` may see, in tree order, indented: a
/// read-only account records for none but reads its whole subtree.
pub fn readable(tree: &OrgTree, who: &Principal) -> Vec<(Uuid, String)> {
    in_order(tree)
        .into_iter()
        .filter(|(_, o)| !o.retired && who.can_read_org(tree, &o.id))
        .map(|(d, o)| (o.id, indented(d, &o.name)))
        .collect()
}

/// Live organisations in tree order, indented (parents, an account's home).
pub fn live(tree: &OrgTree) -> Vec<(Uuid, String)> {
    in_order(tree)
        .into_iter()
        .filter(|(_, o)| !o.retired)
        .map(|(d, o)| (o.id, indented(d, &o.name)))
        .collect()
}

/// Which organisation the form starts with: the one recorded for last, else
/// the account's own, else the first it may record for.
pub fn default_org(options: &[(Uuid, String)], last: Option<Uuid>, own: Uuid) -> Option<Uuid> {
    let offered = |id: Uuid| options.iter().any(|(o, _)| *o == id).then_some(id);
    last.and_then(offered)
        .or_else(|| offered(own))
        .or_else(|| options.first().map(|(id, _)| *id))
}

/// An organisation's name, or a placeholder when this account cannot see it.
pub fn name_of(tree: &OrgTree, id: &Uuid, lang: Lang) -> String {
    tree.get(id).map_or_else(
        || lang.pick("未知组织", "Unknown organisation").to_owned(),
        |o| o.name.clone(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::access::Role;
    use shared::fixtures::{demo_orgs, DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_ROOT};

    fn who(role: Role, org: Uuid) -> Principal {
        Principal {
            user_id: Uuid::nil(),
            role,
            org_id: org,
        }
    }

    #[test]
    fn tree_order_puts_children_under_their_parent() {
        let tree = OrgTree::new(demo_orgs());
        let order = in_order(&tree);
        assert_eq!(order.len(), tree.len());
        assert_eq!(order[0], (0, tree.get(&DEMO_ROOT).unwrap()));
        let pos = |id| order.iter().position(|(_, o)| o.id == id).unwrap();
        assert_eq!(pos(DEMO_HEWAN_DANCE), pos(DEMO_HEWAN) + 1);
        assert_eq!(order[pos(DEMO_HEWAN_DANCE)].0, 2);
    }

    #[test]
    fn a_cadre_records_for_her_subtree_only_and_never_for_retired_ones() {
        let mut orgs = demo_orgs();
        let n = orgs.len();
        let tree = OrgTree::new(orgs.clone());
        let cadre = writable(&tree, &who(Role::Cadre, DEMO_HEWAN), false);
        assert!(cadre.iter().any(|(id, _)| *id == DEMO_HEWAN));
        assert!(cadre.iter().all(|(id, _)| tree.is_within(id, &DEMO_HEWAN)));
        assert!(writable(&tree, &who(Role::Viewer, DEMO_HEWAN), false).is_empty());
        assert_eq!(
            writable(&tree, &who(Role::Admin, DEMO_ROOT), false).len(),
            n
        );

        orgs.iter_mut()
            .find(|o| o.id == DEMO_HEWAN_DANCE)
            .unwrap()
            .retired = true;
        let tree = OrgTree::new(orgs);
        let cadre = writable(&tree, &who(Role::Cadre, DEMO_HEWAN), false);
        assert!(cadre.iter().all(|(id, _)| *id != DEMO_HEWAN_DANCE));
    }

    #[test]
    fn a_sensitive_kind_is_recorded_only_where_it_can_be_read() {
        let tree = OrgTree::new(demo_orgs());
        let cadre = who(Role::Cadre, DEMO_HEWAN);
        let ids = |sensitive| -> Vec<Uuid> {
            writable(&tree, &cadre, sensitive)
                .into_iter()
                .map(|(id, _)| id)
                .collect()
        };
        assert_eq!(ids(true), vec![DEMO_HEWAN], "not her groups");
        assert!(ids(false).contains(&DEMO_HEWAN_DANCE));
        let admin = who(Role::Admin, DEMO_ROOT);
        assert_eq!(
            writable(&tree, &admin, true),
            writable(&tree, &admin, false)
        );
    }

    #[test]
    fn a_viewer_reads_the_subtree_she_may_not_record_for() {
        let tree = OrgTree::new(demo_orgs());
        let viewer = who(Role::Viewer, DEMO_ROOT);
        assert!(writable(&tree, &viewer, false).is_empty());
        assert_eq!(
            readable(&tree, &viewer),
            writable(&tree, &who(Role::Admin, DEMO_ROOT), false)
        );
        let cadre = who(Role::Cadre, DEMO_HEWAN);
        assert_eq!(readable(&tree, &cadre), writable(&tree, &cadre, false));
    }

    #[test]
    fn the_form_starts_with_the_last_used_then_the_own_organisation() {
        let tree = OrgTree::new(demo_orgs());
        let opts = writable(&tree, &who(Role::Cadre, DEMO_HEWAN), false);
        let none = default_org(&opts, None, DEMO_HEWAN);
        assert_eq!(none, Some(DEMO_HEWAN));
        let last = default_org(&opts, Some(DEMO_HEWAN_DANCE), DEMO_HEWAN);
        assert_eq!(last, Some(DEMO_HEWAN_DANCE));
        // A last choice no longer offered (moved away, retired) is skipped.
        assert_eq!(
            default_org(&opts, Some(DEMO_ROOT), DEMO_HEWAN),
            Some(DEMO_HEWAN)
        );
        assert_eq!(default_org(&[], Some(DEMO_ROOT), DEMO_HEWAN), None);
    }

    #[test]
    fn indentation() {
        assert_eq!(indented(0, "河湾社区"), "河湾社区");
        assert_eq!(indented(2, "广场舞队"), "\u{3000}\u{3000}广场舞队");
    }
}
