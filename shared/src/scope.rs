//! What an account may read, as lists, from `access`'s rules asked
//! organisation by organisation (never restated): the organisations it may
//! see, and the [`Scope`] of entries the listing, pulls and reports read.

use crate::access::Principal;
use crate::org::{OrgTree, Organisation};
use uuid::Uuid;

/// The entries (and conflicts) a reader may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Admins: every entry, including those from before organisations existed.
    Everything,
    /// Entries of `orgs`; sensitive ones only of `sensitive_orgs` (a part of `orgs`).
    Orgs {
        orgs: Vec<Uuid>,
        sensitive_orgs: Vec<Uuid>,
    },
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

/// What `principal` may read anywhere: the listing's and the pull's scope.
pub fn read_scope(principal: &Principal, tree: &OrgTree) -> Scope {
    if principal.is_admin() {
        return Scope::Everything;
    }
    let orgs: Vec<Uuid> = readable_orgs(principal, tree)
        .iter()
        .map(|o| o.id)
        .collect();
    within(principal, tree, orgs)
}

/// What a report on `root`'s subtree sums for `principal`: the organisations
/// of the subtree it may read and, of those, the ones whose sensitive records
/// it may read. Whether it may read `root` at all is the caller's check.
pub fn report_scope(principal: &Principal, tree: &OrgTree, root: &Uuid) -> Scope {
    let orgs = tree
        .subtree(root)
        .iter()
        .filter(|org| principal.can_read_org(tree, &org.id))
        .map(|org| org.id)
        .collect();
    within(principal, tree, orgs)
}

/// `orgs` (which `principal` may read), and those whose sensitive records it may read.
fn within(principal: &Principal, tree: &OrgTree, orgs: Vec<Uuid>) -> Scope {
    let sensitive_orgs = orgs
        .iter()
        .filter(|id| principal.can_read_record(tree, id, true))
        .copied()
        .collect();
    Scope::Orgs {
        orgs,
        sensitive_orgs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;
    use crate::fixtures::{demo_orgs, DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_ROOT};

    fn who(role: Role, org_id: Uuid) -> Principal {
        Principal {
            user_id: Uuid::from_u128(1),
            role,
            org_id,
        }
    }

    fn lists(scope: Scope) -> (Vec<Uuid>, Vec<Uuid>) {
        match scope {
            Scope::Orgs {
                orgs,
                sensitive_orgs,
            } => (orgs, sensitive_orgs),
            Scope::Everything => panic!("scoped"),
        }
    }

    #[test]
    fn scopes_follow_the_shared_rules() {
        let tree = OrgTree::new(demo_orgs());
        assert_eq!(
            read_scope(&who(Role::Admin, DEMO_HEWAN), &tree),
            Scope::Everything
        );
        let (orgs, sensitive_orgs) = lists(read_scope(&who(Role::Cadre, DEMO_HEWAN), &tree));
        assert_eq!(orgs.len(), 4, "河湾 and its three groups");
        assert!(orgs.contains(&DEMO_HEWAN_DANCE));
        assert_eq!(sensitive_orgs, vec![DEMO_HEWAN]);
        let (orgs, sensitive_orgs) = lists(read_scope(&who(Role::Viewer, DEMO_ROOT), &tree));
        assert_eq!((orgs.len(), sensitive_orgs.len()), (13, 0));
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
        let (orgs, sensitive) = lists(report_scope(
            &who(Role::Admin, DEMO_ROOT),
            &tree,
            &DEMO_HEWAN,
        ));
        assert_eq!(orgs.len(), 4);
        assert_eq!(sensitive, orgs);
        let (orgs, sensitive) = lists(report_scope(
            &who(Role::Cadre, DEMO_HEWAN),
            &tree,
            &DEMO_HEWAN,
        ));
        assert_eq!(orgs.len(), 4);
        assert_eq!(sensitive, vec![DEMO_HEWAN]);
        let (orgs, sensitive) = lists(report_scope(
            &who(Role::Viewer, DEMO_ROOT),
            &tree,
            &DEMO_ROOT,
        ));
        assert_eq!(orgs.len(), 13);
        assert!(sensitive.is_empty());
        // Above her own organisation a cadre reads only her own subtree.
        let (orgs, _) = lists(report_scope(
            &who(Role::Cadre, DEMO_HEWAN),
            &tree,
            &DEMO_ROOT,
        ));
        assert_eq!(orgs.len(), 4);
    }
}
