//! From `shared::access`'s rules to what a request may see: the organisations
//! an account may read, and the filter the entry listing and pulls apply in
//! SQL (to entries, and to conflicts by their entry's organisation and
//! sensitivity). The rules are asked organisation by organisation, never
//! restated here.

use crate::db::entries::ReadScope;
use crate::db::report::ReportScope;
use shared::access::Principal;
use shared::account::UserInfo;
use shared::org::{OrgTree, Organisation};
use uuid::Uuid;

/// The principal an account acts as.
pub fn principal_of(user: &UserInfo) -> Principal {
    Principal {
        user_id: user.id,
        role: user.role,
        org_id: user.org_id,
    }
}

/// Every organisation `principal` may read, retired ones included, in tree
/// order (each root, then depth first, children by name).
pub fn readable_orgs(principal: &Principal, tree: &OrgTree) -> Vec<Organisation> {
    tree.roots()
        .into_iter()
        .flat_map(|root| tree.subtree(&root.id))
        .filter(|org| principal.can_read_org(tree, &org.id))
        .cloned()
        .collect()
}

/// Which entries (and their conflicts) `principal` may read, as the
/// listing's and the pull's filter. Admins read everything, including
/// entries from before organisations existed (which no rule over the tree
/// can name).
pub fn read_scope(principal: &Principal, tree: &OrgTree) -> ReadScope {
    if principal.is_admin() {
        return ReadScope::Everything;
    }
    let all = readable_orgs(principal, tree);
    let ids = |sensitive: bool| {
        all.iter()
            .filter(|org| principal.can_read_record(tree, &org.id, sensitive))
            .map(|org| org.id)
            .collect()
    };
    ReadScope::Orgs {
        orgs: ids(false),
        sensitive_orgs: ids(true),
    }
}

/// What a report on `root`'s subtree sums for `principal`: the
/// organisations of the subtree it may read and, of those, the ones whose
/// sensitive records it may read (as the listing filters). Whether it may
/// read `root` at all is the caller's check.
pub fn report_scope(principal: &Principal, tree: &OrgTree, root: &Uuid) -> ReportScope {
    let orgs: Vec<Uuid> = tree
        .subtree(root)
        .iter()
        .filter(|org| principal.can_read_org(tree, &org.id))
        .map(|org| org.id)
        .collect();
    let sensitive_orgs = orgs
        .iter()
        .filter(|id| principal.can_read_record(tree, id, true))
        .copied()
        .collect();
    ReportScope {
        orgs,
        sensitive_orgs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::access::Role;
    use shared::fixtures::{demo_orgs, DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_ROOT};

    fn who(role: Role, org_id: Uuid) -> Principal {
        Principal {
            user_id: Uuid::from_u128(1),
            role,
            org_id,
        }
    }

    #[test]
    fn scopes_follow_the_shared_rules() {
        let tree = OrgTree::new(demo_orgs());
        assert_eq!(
            read_scope(&who(Role::Admin, DEMO_HEWAN), &tree),
            ReadScope::Everything
        );
        let ReadScope::Orgs {
            orgs,
            sensitive_orgs,
        } = read_scope(&who(Role::Cadre, DEMO_HEWAN), &tree)
        else {
            panic!("a cadre is scoped");
        };
        assert_eq!(orgs.len(), 4, "河湾 and its three groups");
        assert!(orgs.contains(&DEMO_HEWAN_DANCE));
        assert_eq!(sensitive_orgs, vec![DEMO_HEWAN]);
        let viewer = read_scope(&who(Role::Viewer, DEMO_ROOT), &tree);
        assert!(matches!(viewer, ReadScope::Orgs { orgs, sensitive_orgs }
            if orgs.len() == 13 && sensitive_orgs.is_empty()));
    }

    #[test]
    fn readable_orgs_are_in_tree_order() {
        let tree = OrgTree::new(demo_orgs());
        let all = readable_orgs(&who(Role::Admin, DEMO_HEWAN), &tree);
        assert_eq!(all.len(), 13);
        assert_eq!(all[0].id, DEMO_ROOT);
        let mine = readable_orgs(&who(Role::Cadre, DEMO_HEWAN), &tree);
        assert_eq!(mine[0].id, DEMO_HEWAN);
        assert_eq!(mine.len(), 4);
    }

    #[test]
    fn report_scopes_are_subtrees_within_the_read_scope() {
        let tree = OrgTree::new(demo_orgs());
        let admin = report_scope(&who(Role::Admin, DEMO_ROOT), &tree, &DEMO_HEWAN);
        assert_eq!(admin.orgs.len(), 4);
        assert_eq!(admin.sensitive_orgs, admin.orgs);
        let cadre = report_scope(&who(Role::Cadre, DEMO_HEWAN), &tree, &DEMO_HEWAN);
        assert_eq!(cadre.orgs.len(), 4);
        assert_eq!(cadre.sensitive_orgs, vec![DEMO_HEWAN]);
        let viewer = report_scope(&who(Role::Viewer, DEMO_ROOT), &tree, &DEMO_ROOT);
        assert_eq!(viewer.orgs.len(), 13);
        assert!(viewer.sensitive_orgs.is_empty());
        // Above her own organisation a cadre reads only her own subtree.
        let above = report_scope(&who(Role::Cadre, DEMO_HEWAN), &tree, &DEMO_ROOT);
        assert_eq!(above.orgs.len(), 4);
    }
}
