//! The audit log filtered by person, organisation, action and days (China
//! time), paging kept; bad filters are 400 with a reason.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{error_code, TestApp};
use shared::access::Role;
use shared::account::AuditPage;
use shared::api::AUDIT_PATH;
use shared::date::{LocalDate, CHINA_UTC_OFFSET_MINUTES};
use shared::fixtures::{DEMO_HEWAN, DEMO_ROOT, DEMO_XIAOJING};

async fn page(app: &TestApp, query: &str) -> AuditPage {
    let reply = app.get_admin(&format!("{AUDIT_PATH}?{query}")).await;
    assert_eq!(reply.status, 200, "{query}: {}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

/// Signs in `hewan` and `xiaojing` (two records each: the admin's sign-in
/// is one more), so there is something to filter.
async fn seeded() -> (TestApp, uuid::Uuid, uuid::Uuid) {
    let app = TestApp::new().await;
    let hewan = app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let xiaojing = app.add_user("xiaojing", Role::Cadre, DEMO_XIAOJING).await;
    for (n, who) in [(1, "hewan"), (2, "hewan"), (3, "xiaojing")] {
        app.login(who, common::device(n)).await;
    }
    app.try_login("xiaojing", "wrong-password", common::device(4))
        .await;
    (app, hewan.id, xiaojing.id)
}

#[tokio::test]
async fn filters_by_person_organisation_action_and_days() {
    let (app, hewan, xiaojing) = seeded().await;
    let all = page(&app, "").await.records;
    assert!(all.len() >= 5, "{all:?}");

    let hers = page(&app, &format!("user={hewan}")).await.records;
    assert_eq!(hers.len(), 2);
    assert!(hers.iter().all(|r| r.user_id == Some(hewan)));

    let in_hewan = page(&app, &format!("org={DEMO_HEWAN}")).await.records;
    assert_eq!(in_hewan.len(), 2, "only accounts of 河湾's subtree");
    let under_root = page(&app, &format!("org={DEMO_ROOT}")).await.records;
    assert!(under_root.len() > in_hewan.len());
    assert!(under_root.iter().any(|r| r.user_id == Some(xiaojing)));

    let failed = page(&app, "action=auth.login_failed").await.records;
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].action, "auth.login_failed");
    let both = page(&app, &format!("action=auth.login&user={xiaojing}")).await;
    assert_eq!(both.records.len(), 1);

    let today = LocalDate::from_unix_ms(server::now_ms(), CHINA_UTC_OFFSET_MINUTES);
    let days = page(&app, &format!("from={today}&to={today}"))
        .await
        .records;
    assert_eq!(days.len(), all.len());
    let yesterday = today.add_days(-1);
    let before = page(&app, &format!("to={yesterday}")).await.records;
    assert!(before.is_empty());
    let after = page(&app, &format!("from={}", today.add_days(1)))
        .await
        .records;
    assert!(after.is_empty());
}

#[tokio::test]
async fn paging_keeps_the_filter() {
    let (app, hewan, _) = seeded().await;
    let first = page(&app, &format!("user={hewan}&limit=1")).await;
    assert_eq!(first.records.len(), 1);
    let before = first.next_before.unwrap();
    let second = page(&app, &format!("user={hewan}&limit=1&before={before}")).await;
    assert_eq!(second.records.len(), 1);
    assert_eq!(second.records[0].user_id, Some(hewan));
    assert!(second.records[0].id < first.records[0].id);
    let third = page(
        &app,
        &format!(
            "user={hewan}&limit=1&before={}",
            second.next_before.unwrap()
        ),
    )
    .await;
    assert!(third.records.is_empty() && third.next_before.is_none());
}

#[tokio::test]
async fn bad_filters_are_400_with_a_reason() {
    let (app, _, _) = seeded().await;
    for query in [
        "action=entry.nonsense",
        "from=2026-12-05&to=2026-12-01",
        "org=00000000-0000-7000-8000-00000000abcd",
        "from=2026-13-01",
        "user=not-a-uuid",
    ] {
        let reply = app.get_admin(&format!("{AUDIT_PATH}?{query}")).await;
        assert_eq!(reply.status, 400, "{query}: {}", reply.text());
        assert_eq!(error_code(&reply), "invalid_query", "{query}");
    }
    let cadre = app.login("hewan", common::device(7)).await;
    let reply = app
        .get_as(&cadre.token, &format!("{AUDIT_PATH}?action=auth.login"))
        .await;
    assert_eq!(reply.status, 403);
}
