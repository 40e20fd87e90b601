//! Edits over HTTP: only the named fields change (another device's work on
//! other fields survives), deletes and their undo are edits of the tombstone,
//! the listing's version (`change_no`) follows every write, and the rights to
//! both the entry's organisation and its new one are checked; an entry stored
//! before a text rule existed can still be edited where the edit does not touch that text.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{create, device, edit, update, Session, TestApp};
use shared::access::{Denied, Role};
use shared::api::ENTRIES_PATH;
use shared::entry::EntryField;
use shared::fixtures::{sample_entry, DEMO_HEWAN, DEMO_HEWAN_GRID, DEMO_ROOT, DEMO_XIAOJING};
use shared::sync::protocol::{
    Change, EntryPage, Outcome, PushRequest, PushResponse, RejectReason, ServerEntry,
};
use shared::Entry;
use uuid::Uuid;

async fn push(app: &TestApp, who: &Session, changes: Vec<Change>) -> PushResponse {
    let req = PushRequest {
        device_id: who.device_id,
        changes,
    };
    let reply = app.push_as(&who.token, &req).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

fn applied(res: &PushResponse, i: usize) -> u64 {
    match &res.receipts[i].outcome {
        Outcome::Applied { change_no } => *change_no,
        other => panic!("not applied: {other:?}"),
    }
}

fn rejected(res: &PushResponse, i: usize) -> RejectReason {
    match &res.receipts[i].outcome {
        Outcome::Rejected { reason } => reason.clone(),
        other => panic!("not rejected: {other:?}"),
    }
}

/// What `token` may read, from `after` on.
async fn listing(app: &TestApp, token: &str, after: u64) -> Vec<ServerEntry> {
    let reply = app
        .get_as(token, &format!("{ENTRIES_PATH}?after={after}"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    serde_json::from_slice::<EntryPage>(&reply.body)
        .unwrap()
        .entries
}

async fn held(app: &TestApp, id: Uuid) -> ServerEntry {
    let token = app.admin_token(common::ADMIN_DEVICE).await;
    listing(app, &token, 0)
        .await
        .into_iter()
        .find(|e| e.entry.id == id)
        .unwrap()
}

/// A cadre account of `org`, signed in on device `n`.
async fn cadre(app: &TestApp, name: &str, org: Uuid, n: u128) -> Session {
    app.add_user(name, Role::Cadre, org).await;
    app.login(name, device(n)).await
}

fn of_hewan(n: u32) -> Entry {
    Entry {
        org_id: DEMO_HEWAN,
        ..sample_entry(n)
    }
}

#[tokio::test]
async fn edits_take_their_fields_and_deletes_travel_as_tombstones() {
    let app = TestApp::new().await;
    let a = cadre(&app, "hewan", DEMO_HEWAN, 1).await;
    let b = cadre(&app, "hewan2", DEMO_HEWAN, 2).await;
    let original = of_hewan(1);
    let c1 = applied(&push(&app, &a, vec![create(1, original.clone())]).await, 0);
    let listed = held(&app, original.id).await;
    assert_eq!(
        (listed.change_no, listed.recorded_by.as_str()),
        (c1, "hewan")
    );

    // B changes the note; A, from her older copy, the title only.
    let mut by_b = original.clone();
    by_b.note = "B 补充的说明".into();
    by_b.updated_ms += 10;
    let c2 = applied(
        &push(&app, &b, vec![edit(1, by_b, &[EntryField::Note], Some(c1))]).await,
        0,
    );
    let mut by_a = original.clone();
    by_a.title = "改过的名称".into();
    by_a.updated_ms += 20;
    let c3 = applied(
        &push(
            &app,
            &a,
            vec![edit(2, by_a.clone(), &[EntryField::Title], Some(c1))],
        )
        .await,
        0,
    );
    assert!(c1 < c2 && c2 < c3, "{c1} {c2} {c3}");
    let now = held(&app, original.id).await;
    assert_eq!(now.entry.title, "改过的名称");
    assert_eq!(now.entry.note, "B 补充的说明", "B's field survives");
    assert_eq!(now.entry.updated_ms, by_a.updated_ms);
    assert_eq!(now.change_no, c3);
    assert_eq!(now.device_id, device(1), "the last writer");
    assert_eq!(now.recorded_by, "hewan", "still its creator");
    // A pull from after the create sees the edit.
    let pulled = listing(&app, &b.token, c1).await;
    assert_eq!(pulled.len(), 1);
    assert_eq!(pulled[0].change_no, c3);

    // Delete, then undo: the tombstone travels and the version moves on.
    let mut tomb = by_a.clone();
    tomb.deleted = true;
    let delete = vec![edit(3, tomb, &[EntryField::Deleted], Some(c3))];
    let c4 = applied(&push(&app, &a, delete.clone()).await, 0);
    let gone = held(&app, original.id).await;
    assert!(gone.entry.deleted);
    assert_eq!(gone.change_no, c4);
    assert_eq!(gone.entry.note, "B 补充的说明");
    assert_eq!(
        listing(&app, &b.token, c3).await.len(),
        1,
        "tombstones are listed"
    );
    let c5 = applied(
        &push(
            &app,
            &a,
            vec![edit(4, by_a, &[EntryField::Deleted], Some(c4))],
        )
        .await,
        0,
    );
    let back = held(&app, original.id).await;
    assert!(!back.entry.deleted);
    assert_eq!(back.change_no, c5);

    // A retried edit is answered from its receipt, byte for byte.
    let req = PushRequest {
        device_id: a.device_id,
        changes: delete,
    };
    let (first, again) = (
        app.push_as(&a.token, &req).await,
        app.push_as(&a.token, &req).await,
    );
    assert_eq!(first.body, again.body);
    assert_eq!(
        applied(&serde_json::from_slice(&first.body).unwrap(), 0),
        c4
    );
    assert_eq!(held(&app, original.id).await.change_no, c5);
    assert_eq!(app.counts().await.0, 1);

    // The audit log names the actions and fields, never the content.
    let log = app.get_admin("/api/v1/audit?limit=100").await.json();
    let mine: Vec<(String, String)> = log["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["target"] == original.id.to_string().as_str())
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap().to_owned();
            (s("action"), s("detail"))
        })
        .collect();
    let actions: Vec<&str> = mine.iter().rev().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "entry.create",
            "entry.update",
            "entry.update",
            "entry.delete",
            "entry.restore"
        ]
    );
    assert!(
        mine.iter().any(|(_, d)| d.starts_with("fields title;")),
        "{mine:?}"
    );
    assert!(
        mine.iter()
            .all(|(_, d)| !d.contains("改过") && !d.contains("补充")),
        "{mine:?}"
    );
}

#[tokio::test]
async fn another_organisations_cadre_cannot_edit_and_nothing_changes() {
    let app = TestApp::new().await;
    let owner = cadre(&app, "hewan", DEMO_HEWAN, 1).await;
    let other = cadre(&app, "xiaojing", DEMO_XIAOJING, 2).await;
    let entry = of_hewan(1);
    push(&app, &owner, vec![create(1, entry.clone())]).await;
    let before = held(&app, entry.id).await;
    let mut edit = entry.clone();
    edit.title = "别人改的".into();
    let res = push(&app, &other, vec![update(1, edit, &[EntryField::Title])]).await;
    // She may not read it, so to her it is not there.
    assert_eq!(rejected(&res, 0), RejectReason::NotFound);
    assert_eq!(res.last_applied, 1);
    assert_eq!(held(&app, entry.id).await, before);
}

#[tokio::test]
async fn an_edit_of_an_unknown_entry_is_not_found_and_the_queue_moves_on() {
    let app = TestApp::new().await;
    let a = cadre(&app, "hewan", DEMO_HEWAN, 1).await;
    let res = push(
        &app,
        &a,
        vec![
            update(1, of_hewan(7), &[EntryField::Title]),
            create(2, of_hewan(8)),
        ],
    )
    .await;
    assert_eq!(rejected(&res, 0), RejectReason::NotFound);
    applied(&res, 1);
    assert_eq!(res.last_applied, 2);
    assert_eq!(app.counts().await.0, 1);
}

#[tokio::test]
async fn moving_an_entry_needs_both_organisations_and_sensitivity_follows_its_kind() {
    let app = TestApp::new().await;
    let hewan = cadre(&app, "hewan", DEMO_HEWAN, 1).await;
    let xiaojing = cadre(&app, "xiaojing", DEMO_XIAOJING, 2).await;
    app.add_user("county", Role::Viewer, DEMO_ROOT).await;
    let viewer = app.login("county", device(3)).await;
    let mut screening = of_hewan(1);
    screening.kind = "high_risk_screening".into();
    screening.counts = [("times".into(), 1), ("households".into(), 4)].into();
    let plain = of_hewan(2);
    push(
        &app,
        &hewan,
        vec![create(1, screening.clone()), create(2, plain.clone())],
    )
    .await;
    let before = held(&app, screening.id).await;

    // Into her own organisation, by a cadre who may not read it where it is:
    // refused exactly as for an ordinary entry, as if neither were there
    // (nothing about them leaks).
    let moves = [&screening, &plain].map(|e| Entry {
        org_id: DEMO_XIAOJING,
        ..(*e).clone()
    });
    let res = push(
        &app,
        &xiaojing,
        vec![
            update(1, moves[0].clone(), &[EntryField::Org]),
            update(2, moves[1].clone(), &[EntryField::Org]),
        ],
    )
    .await;
    assert_eq!(rejected(&res, 0), rejected(&res, 1));
    assert_eq!(rejected(&res, 0), RejectReason::NotFound);
    // Out of her own subtree, by the cadre who holds it: refused.
    let res = push(
        &app,
        &hewan,
        vec![update(3, moves[0].clone(), &[EntryField::Org])],
    )
    .await;
    assert!(matches!(
        rejected(&res, 0),
        RejectReason::NotPermitted { .. }
    ));
    assert_eq!(held(&app, screening.id).await, before);
    let xiaojing_sees = listing(&app, &xiaojing.token, 0).await;
    assert!(xiaojing_sees.is_empty(), "{xiaojing_sees:?}");

    // Into a group under hers: refused, for it would stay sensitive there,
    // readable by that group's own cadres only — she would move it out of
    // her own sight. An ordinary entry moves down.
    let down = |e: &Entry| Entry {
        org_id: DEMO_HEWAN_GRID,
        ..e.clone()
    };
    let res = push(
        &app,
        &hewan,
        vec![update(4, down(&screening), &[EntryField::Org])],
    )
    .await;
    assert_eq!(
        rejected(&res, 0),
        RejectReason::NotPermitted {
            denied: Denied::OutOfScope
        }
    );
    assert_eq!(held(&app, screening.id).await, before);
    let ids = |list: Vec<ServerEntry>| list.into_iter().map(|e| e.entry.id).collect::<Vec<_>>();
    assert_eq!(
        ids(listing(&app, &hewan.token, 0).await),
        [screening.id, plain.id]
    );

    // An ordinary entry made a screening becomes sensitive: the viewer loses it.
    assert_eq!(ids(listing(&app, &viewer.token, 0).await), [plain.id]);
    let sensitive_now = Entry {
        kind: "high_risk_screening".into(),
        counts: [("times".into(), 2), ("households".into(), 9)].into(),
        ..plain.clone()
    };
    applied(
        &push(
            &app,
            &hewan,
            vec![update(
                5,
                sensitive_now,
                &[EntryField::Kind, EntryField::Counts],
            )],
        )
        .await,
        0,
    );
    assert!(listing(&app, &viewer.token, 0).await.is_empty());
    assert_eq!(
        ids(listing(&app, &hewan.token, 0).await),
        [screening.id, plain.id]
    );
    // Now sensitive, it may not go down into the group either (the move
    // names only the organisation: the kind stays the server's).
    let res = push(
        &app,
        &hewan,
        vec![update(6, down(&plain), &[EntryField::Org])],
    )
    .await;
    assert!(matches!(
        rejected(&res, 0),
        RejectReason::NotPermitted { .. }
    ));
}

#[tokio::test]
async fn an_entry_stored_before_a_text_rule_can_still_have_its_counts_edited() {
    let app = TestApp::new().await;
    let a = cadre(&app, "hewan", DEMO_HEWAN, 1).await;
    let original = of_hewan(1);
    let c1 = applied(&push(&app, &a, vec![create(1, original.clone())]).await, 0);
    // Its title as a server before the bidi rule let it in.
    let old_title = "\u{202E}学习二十大巾帼宣讲";
    sqlx::query("UPDATE entries SET title = $1 WHERE id = $2")
        .bind(old_title)
        .bind(original.id.to_string())
        .execute(app.db.pool())
        .await
        .unwrap();
    let mut phone = held(&app, original.id).await.entry;
    assert_eq!(phone.title, old_title);

    // The phone corrects a count: taken, the old title untouched.
    *phone.counts.get_mut("participants").unwrap() += 10;
    phone.updated_ms += 10;
    let counted = edit(2, phone.clone(), &[EntryField::Counts], Some(c1));
    let c2 = applied(&push(&app, &a, vec![counted]).await, 0);
    let now = held(&app, original.id).await;
    assert_eq!((now.change_no, &now.entry.counts), (c2, &phone.counts));
    assert_eq!(now.entry.title, old_title);

    // An edit that brings such a character in is refused.
    phone.place = "\u{2067}河湾社区".into();
    let placed = edit(3, phone, &[EntryField::Place], Some(c2));
    assert_eq!(
        rejected(&push(&app, &a, vec![placed]).await, 0),
        RejectReason::Invalid {
            errors: vec![shared::validate::ValidationError::ControlChars {
                field: EntryField::Place
            }]
        }
    );
}
