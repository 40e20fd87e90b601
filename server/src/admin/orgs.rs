//! Creating and changing organisations. The tree's rules (where a kind may
//! sit, no cycles, nothing active under a retired one) are `shared::org`'s;
//! this module applies a request to the current tree, asks them, and writes.

use crate::db::audit::{self, Actor, AuditEvent};
use crate::db::{orgs, Db};
use crate::error::AppError;
use shared::account::{CreateOrg, UpdateOrg};
use shared::audit::AuditAction;
use shared::org::{check_org_name, OrgTree, Organisation};
use uuid::Uuid;

/// Creates the organisation `req` describes, as `actor`.
pub async fn create_org(
    db: &Db,
    req: CreateOrg,
    actor: Actor,
    now_ms: i64,
) -> Result<Organisation, AppError> {
    check_org_name(&req.name)?;
    let tree = orgs::tree(db).await?;
    tree.check_create(req.kind, req.parent_id.as_ref())?;
    let org = Organisation {
        id: Uuid::now_v7(),
        parent_id: req.parent_id,
        name: shared::text::trim(&req.name).to_owned(),
        kind: req.kind,
        pilot: req.pilot,
        venues: dedup(req.venues),
        retired: false,
    };
    let mut tx = db.pool().begin().await?;
    orgs::insert(&mut *tx, &org, now_ms).await?;
    let event = AuditEvent {
        actor,
        action: AuditAction::OrgCreate,
        target: org.id.to_string(),
        detail: org.name.clone(),
    };
    audit::record(&mut *tx, now_ms, &event).await?;
    tx.commit().await?;
    Ok(org)
}

/// Applies `req` to organisation `id`, as `actor`.
pub async fn update_org(
    db: &Db,
    id: Uuid,
    req: UpdateOrg,
    actor: Actor,
    now_ms: i64,
) -> Result<Organisation, AppError> {
    let tree = orgs::tree(db).await?;
    let (org, changes) = apply_update(&tree, id, req)?;
    let mut tx = db.pool().begin().await?;
    if !orgs::update(&mut *tx, &org, now_ms).await? {
        return Err(AppError::NotFound);
    }
    let event = AuditEvent {
        actor,
        action: AuditAction::OrgUpdate,
        target: org.id.to_string(),
        detail: changes.join("; "),
    };
    audit::record(&mut *tx, now_ms, &event).await?;
    tx.commit().await?;
    Ok(org)
}

/// The organisation after `req`, checked against the tree, and a list of what
/// changed (for the audit log). Pure, so the rules' order is easy to see:
/// name, place in the tree, flags, then retiring or restoring.
pub fn apply_update(
    tree: &OrgTree,
    id: Uuid,
    req: UpdateOrg,
) -> Result<(Organisation, Vec<String>), AppError> {
    let current = tree.get(&id).ok_or(AppError::NotFound)?;
    let mut org = current.clone();
    let mut changes = Vec::new();
    if let Some(name) = req.name {
        check_org_name(&name)?;
        org.name = shared::text::trim(&name).to_owned();
        if org.name != current.name {
            changes.push(format!("renamed to {}", org.name));
        }
    }
    if let Some(parent) = req.parent_id.filter(|p| Some(*p) != current.parent_id) {
        tree.check_move(&id, &parent)?;
        org.parent_id = Some(parent);
        changes.push(format!("moved under {parent}"));
    }
    if let Some(pilot) = req.pilot.filter(|p| *p != current.pilot) {
        org.pilot = pilot;
        changes.push(format!("pilot {pilot}"));
    }
    if let Some(venues) = req.venues {
        org.venues = dedup(venues);
        if org.venues != current.venues {
            changes.push(format!("venues {:?}", org.venues));
        }
    }
    match req.retired {
        Some(true) if !current.retired => {
            tree.check_retire(&id)?;
            org.retired = true;
            changes.push("retired".into());
        }
        Some(false) if current.retired => {
            // Restoring puts it back where it sits: that place must take it.
            tree.check_create(org.kind, org.parent_id.as_ref())?;
            org.retired = false;
            changes.push("restored".into());
        }
        _ => {}
    }
    if changes.is_empty() {
        changes.push("no change".into());
    }
    Ok((org, changes))
}

/// Each venue once, in the order first given.
fn dedup<T: PartialEq>(items: Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::fixtures::{demo_orgs, DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_XIAOJING};
    use shared::org::TreeError;

    fn tree() -> OrgTree {
        OrgTree::new(demo_orgs())
    }

    fn refused(result: Result<(Organisation, Vec<String>), AppError>) -> TreeError {
        match result {
            Err(AppError::Org(e)) => e,
            other => panic!("expected a tree error, got {other:?}"),
        }
    }

    #[test]
    fn moves_renames_and_retires_by_the_tree_rules() {
        let t = tree();
        let (org, changes) = apply_update(
            &t,
            DEMO_HEWAN_DANCE,
            UpdateOrg {
                name: Some(" 广场舞队 ".into()),
                parent_id: Some(DEMO_XIAOJING),
                ..UpdateOrg::default()
            },
        )
        .expect("allowed");
        assert_eq!(org.name, "广场舞队");
        assert_eq!(org.parent_id, Some(DEMO_XIAOJING));
        assert_eq!(changes.len(), 2);

        let cycle = UpdateOrg {
            parent_id: Some(DEMO_HEWAN_DANCE),
            ..UpdateOrg::default()
        };
        assert_eq!(
            refused(apply_update(&t, DEMO_HEWAN, cycle)),
            TreeError::Cycle
        );
        let retire = UpdateOrg {
            retired: Some(true),
            ..UpdateOrg::default()
        };
        assert_eq!(
            refused(apply_update(&t, DEMO_HEWAN, retire.clone())),
            TreeError::HasActiveChildren
        );
        assert!(apply_update(&t, DEMO_HEWAN_DANCE, retire).is_ok());
        assert!(matches!(
            apply_update(&t, Uuid::nil(), UpdateOrg::default()),
            Err(AppError::NotFound)
        ));
    }

    #[test]
    fn a_retired_parent_takes_no_restored_child() {
        let mut orgs = demo_orgs();
        for o in &mut orgs {
            if o.parent_id == Some(DEMO_HEWAN) || o.id == DEMO_HEWAN {
                o.retired = true;
            }
        }
        let t = OrgTree::new(orgs);
        let restore = UpdateOrg {
            retired: Some(false),
            ..UpdateOrg::default()
        };
        assert_eq!(
            refused(apply_update(&t, DEMO_HEWAN_DANCE, restore.clone())),
            TreeError::Retired { id: DEMO_HEWAN }
        );
        assert!(apply_update(&t, DEMO_HEWAN, restore).is_ok());
    }
}
