//! Script and SQL-injection strings in every text field are stored and
//! returned verbatim (they are data; escaping is the renderer's job), and the
//! tables are intact afterwards.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::http::Method;
use common::{create, device, TestApp, ADMIN_DEVICE, PASSWORD};
use serde_json::json;
use shared::account::{CreatedUser, DeviceInfo, FirstPassword, LoginRequest, UserInfo};
use shared::api::{DEVICES_PATH, ENTRIES_PATH, FIRST_PASSWORD_PATH, ORGS_PATH, USERS_PATH};
use shared::fixtures::{sample_entry, DEMO_HEWAN, DEMO_ROOT};
use shared::org::Organisation;
use shared::sync::protocol::{EntryPage, Outcome, PushRequest, PushResponse};

const NASTY: [&str; 5] = [
    "<script>alert(1)</script>",
    "'; DROP TABLE entries; --",
    "\" OR 1=1 --",
    "<img src=x onerror=alert(1)>",
    "x'); DELETE FROM users; --",
];

async fn table_count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn every_text_field_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let admin = app.admin_token(ADMIN_DEVICE).await;

    // Entries: title, place, partners, note (kinds and count keys are the
    // catalogue's codes: anything else is refused, see sync.rs).
    let changes = NASTY
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut e = sample_entry(i as u32 + 1);
            e.org_id = DEMO_HEWAN;
            e.partners = vec![(*s).to_owned(), "民政办".to_owned()];
            e.title = (*s).to_owned();
            e.place = (*s).to_owned();
            e.note = format!("{s}\n{s}");
            create(i as u64 + 1, e)
        })
        .collect::<Vec<_>>();
    let sent: Vec<_> = changes
        .iter()
        .map(|c| match &c.op {
            shared::sync::protocol::ChangeOp::Create { entry } => entry.clone(),
            other => panic!("a create: {other:?}"),
        })
        .collect();
    let reply = app
        .push(&PushRequest {
            device_id: device(1),
            changes,
        })
        .await;
    let res: PushResponse = serde_json::from_slice(&reply.body).unwrap();
    assert!(
        res.receipts
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Applied { .. })),
        "{res:?}"
    );
    let page: EntryPage = serde_json::from_slice(&app.get_admin(ENTRIES_PATH).await.body).unwrap();
    let got: Vec<_> = page.entries.into_iter().map(|e| e.entry).collect();
    assert_eq!(got, sent);
    // A cadre of the organisation reads them back the same (through the filtered query).
    app.add_user("hewan", shared::access::Role::Cadre, DEMO_HEWAN)
        .await;
    let cadre = app.login("hewan", device(2)).await;
    let page: EntryPage =
        serde_json::from_slice(&app.get_as(&cadre.token, ENTRIES_PATH).await.body).unwrap();
    assert_eq!(page.entries.len(), NASTY.len());

    for (i, s) in NASTY.iter().enumerate() {
        // Organisation names.
        let reply = app
            .post_json_as(
                &admin,
                ORGS_PATH,
                serde_json::to_vec(&json!({"name": s, "kind": "village", "parent_id": DEMO_ROOT}))
                    .unwrap(),
            )
            .await;
        let org: Organisation = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(org.name, *s);
        let reply = app
            .send_json_as(
                &admin,
                Method::PATCH,
                &format!("{ORGS_PATH}/{}", org.id),
                serde_json::to_vec(&json!({"name": format!("{s}!")})).unwrap(),
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text());

        // Display names.
        let body = json!({"username": format!("user{i}"), "display_name": s, "role": "cadre", "org_id": org.id});
        let reply = app
            .post_json_as(&admin, USERS_PATH, serde_json::to_vec(&body).unwrap())
            .await;
        let created: CreatedUser = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(created.user.display_name, *s);

        // Device labels, given at the first sign-in.
        let login = FirstPassword {
            login: LoginRequest {
                username: format!("user{i}"),
                password: created.one_time_password.unwrap(),
                device_id: device(10 + i as u128),
                device_label: (*s).to_owned(),
            },
            new_password: "her-own-password".into(),
        };
        let reply = app
            .post_json(FIRST_PASSWORD_PATH, serde_json::to_vec(&login).unwrap())
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text());

        // Usernames: not valid ones, so simply refused (and nothing else happens).
        let reply = app.try_login(s, PASSWORD, device(3)).await;
        assert_eq!(reply.status, 401);
    }

    let orgs: Vec<Organisation> =
        serde_json::from_slice(&app.get_admin(ORGS_PATH).await.body).unwrap();
    let users: Vec<UserInfo> =
        serde_json::from_slice(&app.get_admin(USERS_PATH).await.body).unwrap();
    let devices: Vec<DeviceInfo> =
        serde_json::from_slice(&app.get_admin(DEVICES_PATH).await.body).unwrap();
    for s in NASTY {
        assert!(orgs.iter().any(|o| o.name == format!("{s}!")), "{s}");
        assert!(users.iter().any(|u| u.display_name == s), "{s}");
        assert!(devices.iter().any(|d| d.label == s), "{s}");
    }

    // Every table still there, holding what it should.
    assert_eq!(table_count(&app, "entries").await, NASTY.len() as i64);
    assert_eq!(
        table_count(&app, "organisations").await,
        13 + NASTY.len() as i64
    );
    assert_eq!(table_count(&app, "users").await, 2 + NASTY.len() as i64);
    assert!(table_count(&app, "audit_log").await > 0);
    // And JSON escapes what JSON must, nothing more: the body holds the text as typed.
    let raw = app.get_admin(ENTRIES_PATH).await.text();
    assert!(raw.contains("<script>alert(1)</script>"), "{raw}");
}
