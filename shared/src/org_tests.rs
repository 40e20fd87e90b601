use super::*;
use crate::fixtures::{demo_orgs, DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_ROOT, DEMO_XIAOJING};

fn tree() -> OrgTree {
    OrgTree::new(demo_orgs())
}

#[test]
fn subtree_questions() {
    let t = tree();
    assert!(t.is_within(&DEMO_HEWAN_DANCE, &DEMO_HEWAN));
    assert!(t.is_within(&DEMO_HEWAN_DANCE, &DEMO_ROOT));
    assert!(t.is_within(&DEMO_HEWAN, &DEMO_HEWAN));
    assert!(
        !t.is_within(&DEMO_HEWAN, &DEMO_HEWAN_DANCE),
        "a parent is not within its child"
    );
    assert!(
        !t.is_within(&DEMO_XIAOJING, &DEMO_HEWAN),
        "siblings are apart"
    );
    let sub: Vec<Uuid> = t.subtree(&DEMO_HEWAN).iter().map(|o| o.id).collect();
    assert_eq!(sub[0], DEMO_HEWAN);
    assert!(sub.contains(&DEMO_HEWAN_DANCE));
    assert!(!sub.contains(&DEMO_XIAOJING));
    assert_eq!(t.subtree(&DEMO_ROOT).len(), t.len());
    assert_eq!(t.roots().len(), 1);
    let path: Vec<&str> = t
        .path(&DEMO_HEWAN_DANCE)
        .iter()
        .map(|o| o.name.as_str())
        .collect();
    assert_eq!(
        path,
        vec!["平邑街道妇联", "河湾社区妇联", "河湾社区广场舞队妇女小组"]
    );
    assert_eq!(t.depth(&DEMO_HEWAN_DANCE), 2);
}

#[test]
fn where_organisations_may_sit() {
    let t = tree();
    assert_eq!(t.check_create(OrgKind::Village, Some(&DEMO_ROOT)), Ok(()));
    assert_eq!(
        t.check_create(OrgKind::WomenGroup, Some(&DEMO_HEWAN)),
        Ok(())
    );
    assert_eq!(
        t.check_create(OrgKind::Village, Some(&DEMO_HEWAN)),
        Err(TreeError::WrongPlace {
            kind: OrgKind::Village,
            parent: Some(OrgKind::Community)
        })
    );
    assert!(t.check_create(OrgKind::WomenGroup, None).is_err());
    assert_eq!(t.check_create(OrgKind::Subdistrict, None), Ok(()));
    let missing = Uuid::from_u128(999);
    assert_eq!(
        t.check_create(OrgKind::Village, Some(&missing)),
        Err(TreeError::NotFound { id: missing })
    );
}

#[test]
fn moves_keep_the_tree_a_tree() {
    let t = tree();
    assert_eq!(t.check_move(&DEMO_HEWAN_DANCE, &DEMO_XIAOJING), Ok(()));
    assert_eq!(
        t.check_move(&DEMO_HEWAN, &DEMO_HEWAN_DANCE),
        Err(TreeError::Cycle)
    );
    assert_eq!(
        t.check_move(&DEMO_HEWAN, &DEMO_HEWAN),
        Err(TreeError::Cycle)
    );
}

#[test]
fn retiring_needs_the_children_retired_first() {
    let mut orgs = demo_orgs();
    assert_eq!(
        tree().check_retire(&DEMO_HEWAN),
        Err(TreeError::HasActiveChildren)
    );
    for o in orgs.iter_mut().filter(|o| o.parent_id == Some(DEMO_HEWAN)) {
        o.retired = true;
    }
    let t = OrgTree::new(orgs);
    assert_eq!(t.check_retire(&DEMO_HEWAN), Ok(()));
    assert_eq!(
        t.check_create(OrgKind::WomenGroup, Some(&DEMO_HEWAN_DANCE)),
        Err(TreeError::Retired {
            id: DEMO_HEWAN_DANCE
        })
    );
}

#[test]
fn a_corrupt_cycle_does_not_hang() {
    let a = Uuid::from_u128(1);
    let b = Uuid::from_u128(2);
    let org = |id, parent| Organisation {
        id,
        parent_id: Some(parent),
        name: "x".into(),
        kind: OrgKind::Village,
        pilot: false,
        venues: vec![],
        retired: false,
    };
    let t = OrgTree::new([org(a, b), org(b, a)]);
    assert!(!t.is_within(&a, &Uuid::from_u128(3)));
    assert!(t.subtree(&a).len() <= 2);
    assert!(t.path(&a).len() <= 3);
}

#[test]
fn names() {
    assert_eq!(check_org_name("河湾社区妇联"), Ok(()));
    assert_eq!(check_org_name("  "), Err(TreeError::BadName));
    assert_eq!(
        check_org_name(&"村".repeat(MAX_ORG_NAME_CHARS + 1)),
        Err(TreeError::BadName)
    );
    assert_eq!(
        TreeError::Cycle.message(Lang::Zh),
        "不能移到它自己或其下级组织之下"
    );
}
