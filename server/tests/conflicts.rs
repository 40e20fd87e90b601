//! Conflicts over HTTP: two phones editing one title from the same version
//! both get "applied", the later in server order wins, and the other value
//! is kept in a conflict record that pulls carry until a person settles it;
//! settlements of conflicts the server does not hold are refused without
//! stopping the queue; the audit log names fields and changes, never values.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{applied, create, device, edit, Session, TestApp};
use shared::access::Role;
use shared::entry::EntryField;
use shared::fixtures::{sample_entry, DEMO_HEWAN};
use shared::sync::merge::FieldStamp;
use shared::sync::protocol::{
    Change, ChangeOp, ConflictKey, Outcome, PushRequest, PushResponse, RejectReason,
};
use shared::Entry;
use uuid::Uuid;

async fn signed_in(app: &TestApp, name: &str, n: u128) -> Session {
    app.add_user(name, Role::Cadre, DEMO_HEWAN).await;
    app.login(name, device(n)).await
}

fn resolve(seq: u64, entry_id: Uuid, conflict: ConflictKey) -> Change {
    Change {
        seq,
        op: ChangeOp::Resolve { entry_id, conflict },
        catalogue_version: None,
    }
}

fn of_hewan(n: u32) -> Entry {
    Entry {
        org_id: DEMO_HEWAN,
        ..sample_entry(n)
    }
}

#[tokio::test]
async fn two_edits_of_one_title_keep_a_conflict_until_a_person_settles_it() {
    let app = TestApp::new().await;
    let a = signed_in(&app, "hewan", 1).await;
    let b = signed_in(&app, "hewan2", 2).await;
    let original = of_hewan(1);
    let other = of_hewan(2);
    let made = app
        .push_changes(&a, vec![create(1, original.clone()), create(2, other)])
        .await;
    let c1 = applied(&made, 0);

    // Both change the title from the version they pulled.
    let titled = |title: &str| Entry {
        title: title.into(),
        ..original.clone()
    };
    let by_a = edit(3, titled("A 的名称"), &[EntryField::Title], Some(c1));
    let c_a = applied(&app.push_changes(&a, vec![by_a]).await, 0);
    let by_b = edit(1, titled("B 的名称"), &[EntryField::Title], Some(c1));
    let c_b = applied(&app.push_changes(&b, vec![by_b]).await, 0);
    assert!(c_a < c_b);

    // The later one in server order wins; the other value is kept.
    let page = app.pull(&a, 0, 100).await;
    let held = page
        .entries
        .iter()
        .find(|p| p.entry.id == original.id)
        .unwrap();
    assert_eq!((held.entry.title.as_str(), held.version), ("B 的名称", c_b));
    let key = ConflictKey {
        change_no: c_b,
        field: EntryField::Title,
    };
    let [record] = page.conflicts.as_slice() else {
        panic!("one conflict: {:?}", page.conflicts)
    };
    assert_eq!(record.key, key);
    assert_eq!(record.conflict.entry_id, original.id);
    assert_eq!(record.conflict.kept, "B 的名称");
    assert_eq!(record.conflict.lost, "A 的名称");
    let stamp = |change_no, who: &Session| FieldStamp {
        change_no,
        device_id: who.device_id,
    };
    assert_eq!(record.conflict.kept_by, stamp(c_b, &b));
    assert_eq!(record.conflict.lost_by, stamp(c_a, &a));
    assert_eq!(record.resolved_by, None);
    assert_eq!(page.upto, c_b);

    // A settles it; unknown keys and keys of another entry are refused, and
    // the queue behind them moves on. A retry is answered word for word.
    let unknown = ConflictKey {
        change_no: c_b + 100,
        field: EntryField::Title,
    };
    let batch = vec![
        resolve(4, original.id, key),
        resolve(5, original.id, unknown),
        resolve(6, Uuid::from_u128(7), key),
        create(7, of_hewan(3)),
    ];
    let req = PushRequest {
        device_id: a.device_id,
        changes: batch,
    };
    let first = app.push_as(&a.token, &req).await;
    let res: PushResponse = serde_json::from_slice(&first.body).unwrap();
    let settled = applied(&res, 0);
    for i in [1, 2] {
        assert_eq!(
            res.receipts[i].outcome,
            Outcome::Rejected {
                reason: RejectReason::NoSuchConflict
            }
        );
    }
    applied(&res, 3);
    assert_eq!(res.last_applied, 7);
    assert_eq!(app.push_as(&a.token, &req).await.body, first.body);

    // A pull from where A was shows the settlement, not the entry again.
    let page = app.pull(&a, c_b, 100).await;
    let [record] = page.conflicts.as_slice() else {
        panic!("one conflict: {:?}", page.conflicts)
    };
    assert_eq!((record.key, record.resolved_by), (key, Some(settled)));
    let ids: Vec<Uuid> = page.entries.iter().map(|p| p.entry.id).collect();
    assert!(!ids.contains(&original.id), "{ids:?}");
    // B settling it again changes nothing: the first settlement stands.
    let again = applied(
        &app.push_changes(&b, vec![resolve(2, original.id, key)])
            .await,
        0,
    );
    let page = app.pull(&b, 0, 100).await;
    assert_eq!(page.conflicts[0].resolved_by, Some(settled));
    assert!(page.upto >= again);

    // The audit log names the field and the changes, never the values.
    let log = app.get_admin("/api/v1/audit?limit=100").await.json();
    let records = log["records"].as_array().unwrap();
    let detail = |action: &str| -> Vec<String> {
        records
            .iter()
            .filter(|r| r["action"] == action)
            .map(|r| r["detail"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        detail("entry.conflict"),
        [format!("field title; change {c_b} kept over change {c_a}")]
    );
    let resolves = detail("conflict.resolve");
    assert_eq!(resolves.len(), 2, "{resolves:?}");
    assert!(resolves
        .iter()
        .all(|d| d.starts_with("field title; conflict of change")));
    assert!(resolves[0].contains(&format!("already settled by change {settled}")));
    // What is stored holds no values; the listing names an entry by its
    // title as it is now (read at listing time, for the admin who may read it).
    let stored: Vec<String> = sqlx::query_scalar("SELECT detail || target FROM audit_log")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert!(
        !stored.iter().any(|d| d.contains("的名称")),
        "no values in the log"
    );
}
