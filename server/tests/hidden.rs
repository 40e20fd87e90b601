//! What an account may not read is, to it, not there — in every answer.
//!
//! The hole the security review found (issue "Hardening", F1): a cadre of
//! 河湾社区妇联 could change the kind of a high-risk screening recorded by her
//! women's group (which she may not read) into a lecture, after which it
//! appeared with its note in her listing and the county viewer's; and she
//! could delete it. Edits, deletes, undos and settlements of such an entry
//! now get exactly the receipt an unknown id gets, and nothing changes. The
//! same holds for reports of organisations (F9): an unknown one and another's
//! are answered alike.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{applied, create, device, edit, update, Session, TestApp};
use serde_json::Value;
use shared::access::Role;
use shared::api::{ENTRIES_PATH, REPORT_PATH};
use shared::entry::EntryField;
use shared::fixtures::{sample_entry, DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_ROOT, DEMO_XIAOJING};
use shared::sync::protocol::{
    Change, ChangeOp, ConflictKey, EntryPage, Outcome, PushResponse, RejectReason,
};
use shared::Entry;
use uuid::Uuid;

const NOTE: &str = "张三 13800000000 有家暴史";

/// The group's screening and a sibling village's lecture, recorded by the
/// admin; a conflict on the screening (two admin phones moved its place
/// from the same version); a cadre of 河湾 and the county's viewer.
struct Setup {
    app: TestApp,
    screening: Entry,
    sibling: Entry,
    conflict: ConflictKey,
    cadre: Session,
    viewer: Session,
}

impl Setup {
    async fn new() -> Self {
        let app = TestApp::new().await;
        let mut screening = sample_entry(1);
        screening.org_id = DEMO_HEWAN_DANCE;
        screening.kind = "high_risk_screening".into();
        screening.counts = [("times".into(), 1), ("households".into(), 3)].into();
        screening.note = NOTE.into();
        let mut sibling = sample_entry(2);
        sibling.org_id = DEMO_XIAOJING;
        let admin = app.login(common::ADMIN, device(1)).await;
        let made = app
            .push_changes(
                &admin,
                vec![create(1, screening.clone()), create(2, sibling.clone())],
            )
            .await;
        let base = applied(&made, 0);
        let moved = |place: &str| Entry {
            place: place.into(),
            ..screening.clone()
        };
        app.push_changes(
            &admin,
            vec![edit(3, moved("一组"), &[EntryField::Place], Some(base))],
        )
        .await;
        let other = app.login(common::ADMIN, device(2)).await;
        let res = app
            .push_changes(
                &other,
                vec![edit(1, moved("二组"), &[EntryField::Place], Some(base))],
            )
            .await;
        let conflict = ConflictKey {
            change_no: applied(&res, 0),
            field: EntryField::Place,
        };
        app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
        app.add_user("county", Role::Viewer, DEMO_ROOT).await;
        let cadre = app.login("hewan", device(10)).await;
        let viewer = app.login("county", device(11)).await;
        Self {
            app,
            screening,
            sibling,
            conflict,
            cadre,
            viewer,
        }
    }

    /// Pushes one change as the cadre: its receipt's outcome as JSON.
    async fn outcome(&self, change: Change) -> Value {
        let res: PushResponse = self.app.push_changes(&self.cadre, vec![change]).await;
        serde_json::to_value(&res.receipts[0].outcome).unwrap()
    }

    /// The titles and notes `who` may list.
    async fn listed(&self, who: &Session) -> Vec<(String, String, bool)> {
        let reply = self
            .app
            .get_as(&who.token, &format!("{ENTRIES_PATH}?limit=1000"))
            .await;
        let page: EntryPage = serde_json::from_slice(&reply.body).unwrap();
        page.entries
            .into_iter()
            .map(|e| (e.entry.kind, e.entry.note, e.entry.deleted))
            .collect()
    }

    /// The screening as the server holds it (read as the admin).
    async fn stored_screening(&self) -> Entry {
        let reply = self
            .app
            .get_admin(&format!("{ENTRIES_PATH}?limit=1000"))
            .await;
        let page: EntryPage = serde_json::from_slice(&reply.body).unwrap();
        page.entries
            .into_iter()
            .find(|e| e.entry.id == self.screening.id)
            .unwrap()
            .entry
    }
}

#[tokio::test]
async fn a_parent_cadre_cannot_declassify_delete_or_settle_a_groups_screening() {
    let s = Setup::new().await;
    let unknown = Entry {
        id: Uuid::now_v7(),
        ..s.screening.clone()
    };

    // The review's request: kind and counts, turning it into a lecture.
    let declassified = Entry {
        kind: "lecture".into(),
        counts: [("sessions".into(), 1), ("participants".into(), 30)].into(),
        ..s.screening.clone()
    };
    let fields = [EntryField::Kind, EntryField::Counts];
    let hidden = s.outcome(update(1, declassified.clone(), &fields)).await;
    let missing = s
        .outcome(update(
            2,
            Entry {
                id: unknown.id,
                ..declassified
            },
            &fields,
        ))
        .await;
    assert_eq!(hidden, missing, "answered as an unknown id");
    let rejected: Outcome = serde_json::from_value(hidden).unwrap();
    assert_eq!(
        rejected,
        Outcome::Rejected {
            reason: RejectReason::NotFound
        }
    );

    // Delete, and an undo.
    for (seq, deleted) in [(3, true), (5, false)] {
        let tomb = Entry {
            deleted,
            ..s.screening.clone()
        };
        let hidden = s.outcome(update(seq, tomb, &[EntryField::Deleted])).await;
        let tomb = Entry {
            deleted,
            ..unknown.clone()
        };
        let missing = s
            .outcome(update(seq + 1, tomb, &[EntryField::Deleted]))
            .await;
        assert_eq!(hidden, missing, "deleted: {deleted}");
    }

    // Settling its conflict is answered as a conflict that is not there.
    let settle = |seq, entry_id| Change {
        seq,
        op: ChangeOp::Resolve {
            entry_id,
            conflict: s.conflict,
        },
        catalogue_version: None,
    };
    let hidden = s.outcome(settle(7, s.screening.id)).await;
    let missing = s.outcome(settle(8, unknown.id)).await;
    assert_eq!(hidden, missing);
    assert!(hidden.to_string().contains("no_such_conflict"), "{hidden}");

    // Nothing changed, and nobody who may not read it can.
    let stored = s.stored_screening().await;
    assert_eq!(stored.kind, "high_risk_screening");
    assert!(!stored.deleted);
    assert_eq!(stored.note, NOTE);
    for who in [&s.cadre, &s.viewer] {
        let listed = s.listed(who).await;
        assert!(listed.iter().all(|(_, note, _)| note != NOTE), "{listed:?}");
    }
    let reply = s.app.get_admin(&format!("{ENTRIES_PATH}?limit=1000")).await;
    assert!(reply.text().contains(NOTE), "the admin still reads it");
}

#[tokio::test]
async fn a_cadre_cannot_make_a_record_she_could_not_read() {
    let s = Setup::new().await;
    // An activity of her group, recorded by her: she may read and edit it …
    let mut activity = sample_entry(3);
    activity.org_id = DEMO_HEWAN_DANCE;
    let made = s
        .app
        .push_changes(&s.cadre, vec![create(1, activity.clone())])
        .await;
    applied(&made, 0);
    // … but not turn it into a screening only the group's own cadres may read,
    // nor record a screening there.
    let screening = Entry {
        kind: "high_risk_screening".into(),
        counts: [("times".into(), 1), ("households".into(), 2)].into(),
        ..activity.clone()
    };
    let refused = s
        .outcome(update(
            2,
            screening.clone(),
            &[EntryField::Kind, EntryField::Counts],
        ))
        .await;
    assert!(refused.to_string().contains("out_of_scope"), "{refused}");
    let new = Entry {
        id: Uuid::now_v7(),
        ..screening
    };
    let refused = s.outcome(create(3, new)).await;
    assert!(refused.to_string().contains("out_of_scope"), "{refused}");
    let listed = s.listed(&s.cadre).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].0, activity.kind, "still what it was");
}

#[tokio::test]
async fn an_id_in_use_is_answered_alike_wherever_it_is() {
    let s = Setup::new().await;
    // Her own entry, and an id held by another village's entry.
    let own = sample_entry(4);
    let own = Entry {
        org_id: DEMO_HEWAN,
        ..own
    };
    let made = s
        .app
        .push_changes(&s.cadre, vec![create(1, own.clone())])
        .await;
    applied(&made, 0);
    let reuse = |id| Entry {
        id,
        title: "另一条记录".into(),
        ..own.clone()
    };
    let visible = s.outcome(create(2, reuse(own.id))).await;
    let hidden = s.outcome(create(3, reuse(s.sibling.id))).await;
    assert_eq!(visible, hidden);
    assert!(hidden.to_string().contains("id_taken"), "{hidden}");
}

#[tokio::test]
async fn reports_of_unknown_and_foreign_organisations_are_refused_alike() {
    let s = Setup::new().await;
    let year = "from=2023-01-01&to=2023-12-31";
    let ask = |org: Uuid| {
        let uri = format!("{REPORT_PATH}?{year}&org={org}");
        let token = s.cadre.token.clone();
        let app = &s.app;
        async move { app.get_as(&token, &uri).await }
    };
    let foreign = ask(DEMO_XIAOJING).await;
    let unknown = ask(Uuid::from_u128(0xdead)).await;
    assert_eq!(foreign.status, 403, "{}", foreign.text());
    assert_eq!(
        (unknown.status, unknown.body.clone()),
        (foreign.status, foreign.body.clone())
    );
    // An admin may read every organisation: for it, unknown is unknown.
    let reply = s
        .app
        .get_admin(&format!(
            "{REPORT_PATH}?{year}&org={}",
            Uuid::from_u128(0xdead)
        ))
        .await;
    assert_eq!(reply.status, 404);
}
