//! Pulls over HTTP: a pull shows each reader only what it may read,
//! conflicts included; pages cover everything once; a pull tells the phone
//! how far the server has taken its changes, from the same snapshot as its
//! entries. (Conflicts themselves: `conflicts.rs`; that the real server
//! answers exactly as the shared model: `model_agreement.rs`.)
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{applied, create, device, edit, error_code, Session, TestApp};
use shared::access::Role;
use shared::api::PULL_PATH;
use shared::entry::EntryField;
use shared::fixtures::{sample_entry, DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_ROOT, DEMO_XIAOJING};
use shared::sync::protocol::{ConflictKey, PushRequest, PushResponse};
use shared::Entry;
use std::collections::BTreeSet;
use uuid::Uuid;

async fn signed_in(app: &TestApp, name: &str, role: Role, org: Uuid, n: u128) -> Session {
    app.add_user(name, role, org).await;
    app.login(name, device(n)).await
}

fn in_org(n: u32, org: Uuid) -> Entry {
    Entry {
        org_id: org,
        ..sample_entry(n)
    }
}

/// An ordinary and (with `sensitive`) a high-risk screening entry in `org`,
/// each with a conflict on its place made by two of the admin's phones.
async fn seed_with_conflicts(app: &TestApp, orgs: &[(Uuid, bool)]) -> Vec<(Entry, ConflictKey)> {
    let entries: Vec<Entry> = orgs
        .iter()
        .enumerate()
        .map(|(i, &(org, sensitive))| {
            let mut e = in_org(100 + i as u32, org);
            if sensitive {
                e.kind = "high_risk_screening".into();
                e.counts = [("times".into(), 1), ("households".into(), 2)].into();
            }
            e
        })
        .collect();
    let (one, two) = (device(91), device(92));
    let creates = PushRequest {
        device_id: one,
        changes: (1..)
            .zip(&entries)
            .map(|(s, e)| create(s, e.clone()))
            .collect(),
    };
    let res: PushResponse = serde_json::from_slice(&app.push(&creates).await.body).unwrap();
    let bases: Vec<u64> = (0..entries.len()).map(|i| applied(&res, i)).collect();
    let mut keys = Vec::new();
    for (phone, first) in [(one, entries.len() as u64 + 1), (two, 1)] {
        let changes = entries
            .iter()
            .zip(&bases)
            .enumerate()
            .map(|(i, (e, base))| {
                let moved = Entry {
                    place: format!("{phone}"),
                    ..e.clone()
                };
                edit(first + i as u64, moved, &[EntryField::Place], Some(*base))
            })
            .collect();
        let res: PushResponse = serde_json::from_slice(
            &app.push(&PushRequest {
                device_id: phone,
                changes,
            })
            .await
            .body,
        )
        .unwrap();
        keys = (0..entries.len())
            .map(|i| ConflictKey {
                change_no: applied(&res, i),
                field: EntryField::Place,
            })
            .collect();
    }
    entries.into_iter().zip(keys).collect()
}

#[tokio::test]
async fn a_pull_shows_each_reader_only_what_it_may_read() {
    let app = TestApp::new().await;
    let seeded = seed_with_conflicts(
        &app,
        &[
            (DEMO_HEWAN, false),
            (DEMO_HEWAN, true),
            (DEMO_HEWAN_DANCE, false),
            (DEMO_HEWAN_DANCE, true),
            (DEMO_XIAOJING, false),
            (DEMO_ROOT, false),
        ],
    )
    .await;
    let readers = [
        signed_in(&app, "hewan", Role::Cadre, DEMO_HEWAN, 1).await,
        signed_in(&app, "county", Role::Viewer, DEMO_ROOT, 2).await,
        signed_in(&app, "xiaojing", Role::Cadre, DEMO_XIAOJING, 3).await,
        app.login(common::ADMIN, device(4)).await,
    ];
    // Which of the seeded six each reader sees: her subtree; sensitive ones
    // only of her own organisation; the viewer (of the whole subdistrict)
    // none of those; the admin all. Xiaojing's latest entry: all but hewan.
    let wanted: [&[usize]; 4] = [&[0, 1, 2], &[0, 2, 4, 5], &[4], &[0, 1, 2, 3, 4, 5]];
    let latest = applied(
        &app.push_changes(&readers[2], vec![create(1, in_org(50, DEMO_XIAOJING))])
            .await,
        0,
    );
    for (reader, wanted) in readers.iter().zip(wanted) {
        let page = app.pull(reader, 0, 1000).await;
        let name = &reader.user.username;
        let mut want: BTreeSet<Uuid> = wanted.iter().map(|&i| seeded[i].0.id).collect();
        let want_keys: BTreeSet<ConflictKey> = wanted.iter().map(|&i| seeded[i].1).collect();
        if ["county", "xiaojing", "admin"].contains(&name.as_str()) {
            want.insert(in_org(50, DEMO_XIAOJING).id);
        }
        let got: BTreeSet<Uuid> = page.entries.iter().map(|p| p.entry.id).collect();
        assert_eq!(got, want, "{name}");
        let keys: BTreeSet<ConflictKey> = page.conflicts.iter().map(|c| c.key).collect();
        assert_eq!(keys, want_keys, "{name}");
        // Everyone's cursor moves to the newest change, seen or not.
        assert_eq!((page.upto, page.more), (latest, false), "{name}");
    }
}

#[tokio::test]
async fn pages_cover_every_entry_once_in_server_order() {
    let app = TestApp::new().await;
    let admin = app.login(common::ADMIN, device(1)).await;
    let made = app
        .push_changes(
            &admin,
            (1..=25)
                .map(|n| create(n, sample_entry(n as u32)))
                .collect(),
        )
        .await;
    // Two entries edited since: they move to the end, still once each.
    let mut later = Vec::new();
    for (seq, n) in [(26, 3u32), (27, 7)] {
        let entry = Entry {
            note: "改过".into(),
            ..sample_entry(n)
        };
        let base = applied(&made, n as usize - 1);
        later.push(edit(seq, entry, &[EntryField::Note], Some(base)));
    }
    let edited = app.push_changes(&admin, later).await;
    let latest = applied(&edited, 1);

    let mut pages = Vec::new();
    let mut after = 0;
    loop {
        let page = app.pull(&admin, after, 10).await;
        assert_eq!(page.after, after);
        after = page.upto;
        let more = page.more;
        pages.push(page);
        if !more {
            break;
        }
        assert!(pages.len() < 10, "the pages end");
    }
    let sizes: Vec<(usize, bool)> = pages.iter().map(|p| (p.entries.len(), p.more)).collect();
    assert_eq!(sizes, [(10, true), (10, true), (5, false)]);
    for page in &pages[..2] {
        assert_eq!(page.upto, page.entries.last().unwrap().version);
    }
    assert_eq!(pages[2].upto, latest);
    let versions: Vec<u64> = pages
        .iter()
        .flat_map(|p| p.entries.iter().map(|e| e.version))
        .collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    let ids: BTreeSet<Uuid> = pages
        .iter()
        .flat_map(|p| p.entries.iter().map(|e| e.entry.id))
        .collect();
    assert_eq!(ids.len(), 25);
    assert_eq!(*versions.last().unwrap(), latest);
    assert_eq!(pages[2].entries.last().unwrap().entry.note, "改过");

    // From the end: nothing, and the cursor stays. A cursor beyond anything
    // given out stays too; a zero limit still gives one entry.
    let end = app.pull(&admin, latest, 10).await;
    assert!(end.entries.is_empty() && !end.more && end.upto == latest);
    let far = app.pull(&admin, u64::MAX, 10).await;
    assert!(far.entries.is_empty() && far.upto == u64::MAX);
    let one = app.pull(&admin, 0, 0).await;
    assert_eq!((one.entries.len(), one.more), (1, true));
}

#[tokio::test]
async fn a_bad_query_or_no_session_is_refused() {
    let app = TestApp::new().await;
    let admin = app.login(common::ADMIN, device(1)).await;
    for query in ["after=abc", "limit=-1", "after=1.5"] {
        let reply = app
            .get_as(&admin.token, &format!("{PULL_PATH}?{query}"))
            .await;
        assert_eq!(reply.status, 400, "{query}");
        assert_eq!(error_code(&reply), "invalid_query");
    }
    let reply = app.get(PULL_PATH).await;
    assert_eq!(reply.status, 401);
    assert_eq!(error_code(&reply), "unauthenticated");
}

#[tokio::test]
async fn device_taken_is_the_pulling_phones_last_taken_number() {
    let app = TestApp::new().await;
    let phone = signed_in(&app, "hewan", Role::Cadre, DEMO_HEWAN, 1).await;
    let other = app.login("hewan", device(2)).await;
    assert_eq!(app.pull(&phone, 0, 10).await.device_taken, 0);

    // Three taken (one of them refused: its number counts too), then a gap
    // that takes nothing.
    let mut out_of_scope = in_org(3, DEMO_XIAOJING);
    out_of_scope.title = "别人的".into();
    app.push_changes(
        &phone,
        vec![
            create(1, in_org(1, DEMO_HEWAN)),
            create(2, in_org(2, DEMO_HEWAN)),
            create(3, out_of_scope),
        ],
    )
    .await;
    let res = app
        .push_changes(&phone, vec![create(5, in_org(5, DEMO_HEWAN))])
        .await;
    assert_eq!(res.expected_seq, Some(4));
    let page = app.pull(&phone, 0, 10).await;
    assert_eq!(page.device_taken, 3);
    assert_eq!(page.entries.len(), 2);
    // Another phone of the same account has its own count.
    assert_eq!(app.pull(&other, 0, 10).await.device_taken, 0);
}

/// A page is read from one snapshot: while the phone pushes, every page holds
/// exactly the entries of the changes it says were taken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn device_taken_and_the_entries_come_from_one_snapshot() {
    let app = TestApp::new().await;
    let phone = signed_in(&app, "hewan", Role::Cadre, DEMO_HEWAN, 1).await;
    let pushing = async {
        for n in 1..=30u32 {
            app.push_changes(&phone, vec![create(u64::from(n), in_org(n, DEMO_HEWAN))])
                .await;
        }
    };
    let pulling = async {
        let mut seen = BTreeSet::new();
        loop {
            let page = app.pull(&phone, 0, 1000).await;
            assert_eq!(page.entries.len() as u64, page.device_taken);
            seen.insert(page.device_taken);
            if page.device_taken == 30 {
                return seen;
            }
        }
    };
    let ((), seen) = tokio::join!(pushing, pulling);
    assert!(seen.contains(&30));
}
