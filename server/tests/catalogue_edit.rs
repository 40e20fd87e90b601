//! `POST /api/v1/catalogue` (admin): an edit saved as the next version, a
//! stale base refused with 409, bad edits with 400 and the rule in both
//! languages, audited as a sentence; `GET /api/v1/catalogue/versions/{v}`;
//! and an entry judged under the version its phone recorded it with.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use calamine::{open_workbook_from_rs, Reader, Xlsx};
use common::{create, device, error_code, Reply, TestApp};
use serde_json::json;
use shared::access::Role;
use shared::account::AuditPage;
use shared::api::{catalogue_version_path, AUDIT_PATH, CATALOGUE_PATH, REPORT_XLSX_PATH};
use shared::audit::sentence;
use shared::catalogue::Catalogue;
use shared::catalogue_default::{default_catalogue, DEFAULT_CATALOGUE_VERSION as V};
use shared::fixtures::{sample_entry, DEMO_HEWAN, DEMO_ROOT};
use shared::sync::protocol::{Change, Outcome, RejectReason};
use shared::validate::ValidationError;
use shared::{Entry, Lang};
use std::io::Cursor;

fn housekeeping(base: u32) -> serde_json::Value {
    json!({"base_version": base, "ops": [{"add_kind": {
    "code": "housekeeping_training", "line": "rural",
    "zh": "巾帼家政培训", "en": "Housekeeping training",
    "counts": [
        {"key": "sessions", "unit": "sessions", "zh": "场次", "en": "Sessions", "required": true},
        {"key": "trained", "unit": "people", "zh": "培训人数", "en": "People trained", "required": false}
    ]}}]})
}

async fn post_admin(app: &TestApp, body: &serde_json::Value) -> Reply {
    let token = app.admin_token(device(90)).await;
    app.post_json_as(&token, CATALOGUE_PATH, body.to_string())
        .await
}

async fn in_force(app: &TestApp) -> Catalogue {
    serde_json::from_slice(&app.get_admin(CATALOGUE_PATH).await.body).unwrap()
}

#[tokio::test]
async fn the_admin_saves_the_next_version_and_older_ones_stay_readable() {
    let app = TestApp::new().await;
    let reply = post_admin(&app, &housekeeping(V)).await;
    assert_eq!(reply.status, 201, "{}", reply.text());
    let saved: Catalogue = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(saved.version, V + 1);
    assert_eq!(
        saved.kind("housekeeping_training").map(|k| k.zh.as_str()),
        Some("巾帼家政培训")
    );
    assert_eq!(in_force(&app).await, saved);
    // A restart keeps the edit: the built-in catalogue adds only what the
    // edited one lacks (nothing here), never replaces it.
    assert!(!server::db::catalogue::seed_default(&app.db, 1)
        .await
        .unwrap());
    assert_eq!(in_force(&app).await, saved);

    // Any signed-in account reads any stored version, e.g. a cadre's phone.
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let hewan = app.login("hewan", device(2)).await;
    let old = app.get_as(&hewan.token, &catalogue_version_path(V)).await;
    assert_eq!(old.status, 200, "{}", old.text());
    let old: Catalogue = serde_json::from_slice(&old.body).unwrap();
    assert_eq!(old, default_catalogue());
    let new = app
        .get_as(&hewan.token, &catalogue_version_path(V + 1))
        .await;
    assert_eq!(
        serde_json::from_slice::<Catalogue>(&new.body).unwrap(),
        saved
    );
    for missing in [
        format!("{CATALOGUE_PATH}/versions/99"),
        format!("{CATALOGUE_PATH}/versions/x"),
    ] {
        let reply = app.get_as(&hewan.token, &missing).await;
        assert_eq!(reply.status, 404, "{missing}");
    }
    assert_eq!(app.get(&catalogue_version_path(V)).await.status, 401);

    // Audited as a sentence naming no id.
    let page: AuditPage = serde_json::from_slice(&app.get_admin(AUDIT_PATH).await.body).unwrap();
    let record = page
        .records
        .iter()
        .find(|r| r.action == "catalogue.edit")
        .expect("the edit is audited");
    let zh = sentence(record, Lang::Zh);
    assert!(zh.contains("修改了工作目录"), "{zh}");
    assert!(!zh.contains(&record.user_id.unwrap().to_string()), "{zh}");
    assert!(sentence(record, Lang::En).contains("edited the catalogue of work"));
}

#[tokio::test]
async fn only_an_admin_edits() {
    let app = TestApp::new().await;
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    app.add_user("county", Role::Viewer, DEMO_ROOT).await;
    for (name, n) in [("hewan", 1), ("county", 2)] {
        let session = app.login(name, device(n)).await;
        let reply = app
            .post_json_as(&session.token, CATALOGUE_PATH, housekeeping(V).to_string())
            .await;
        assert_eq!(reply.status, 403, "{name}: {}", reply.text());
    }
    let reply = app
        .post_json(CATALOGUE_PATH, housekeeping(V).to_string())
        .await;
    assert_eq!(reply.status, 401);
    assert_eq!(in_force(&app).await.version, V);
}

#[tokio::test]
async fn an_edit_from_an_older_version_is_refused_as_stale() {
    let app = TestApp::new().await;
    assert_eq!(post_admin(&app, &housekeeping(V)).await.status, 201);
    let retire = json!({"base_version": V, "ops": [{"retire_kind": {"kind": "other"}}]});
    let reply = post_admin(&app, &retire).await;
    assert_eq!(reply.status, 409, "{}", reply.text());
    assert_eq!(error_code(&reply), "stale_catalogue");
    let body = reply.json();
    let zh = body["error"]["message_zh"].as_str().unwrap();
    assert!(zh.contains("重新打开"), "{zh}");
    let current = in_force(&app).await;
    assert_eq!(current.version, V + 1);
    assert!(!current.kind("other").unwrap().retired, "nothing stored");
}

#[tokio::test]
async fn bad_edits_are_refused_with_the_rule_in_both_languages() {
    let app = TestApp::new().await;
    let retire = json!({"base_version": V, "ops": [{"retire_kind": {"kind": "other"}}]});
    assert_eq!(post_admin(&app, &retire).await.status, 201);
    let reuse = json!({"base_version": V + 1, "ops": [{"add_kind": {
        "code": "other", "line": "rural", "zh": "新类型", "en": "New", "counts": []}}]});
    let empty = json!({"base_version": V + 1, "ops": [{"rename_kind": {
        "kind": "lecture", "zh": "  ", "en": "Talks"}}]});
    let unknown = json!({"base_version": V + 1, "ops": [{"reword_phrase": {
        "kind": "lecture", "phrase": {"zh": "宣讲{hours}"}}}]});
    for (body, zh_part) in [(reuse, "已停用"), (empty, "名称"), (unknown, "{hours}")] {
        let reply = post_admin(&app, &body).await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.text());
        assert_eq!(error_code(&reply), "invalid_catalogue_edit");
        let msg = reply.json();
        let zh = msg["error"]["message_zh"].as_str().unwrap();
        assert!(zh.contains(zh_part), "{zh}");
        assert!(!msg["error"]["message"].as_str().unwrap().is_empty());
    }
    // Not an edit at all: the body's shape.
    let reply = post_admin(
        &app,
        &json!({"base_version": V + 1, "ops": [{"delete_kind": {}}]}),
    )
    .await;
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(in_force(&app).await.version, V + 1);
}

/// The admin adds a required count to 宣讲活动 (and retires 其他): a phone
/// that recorded under the older version is not refused for either; the
/// same entry recorded under the new version (or naming no version, as an
/// older build does) is judged by the rules in force.
#[tokio::test]
async fn an_entry_is_judged_under_the_version_it_was_recorded_with() {
    let app = TestApp::new().await;
    let edit = json!({"base_version": V, "ops": [
        {"add_count": {"kind": "lecture", "count":
            {"key": "venues", "unit": "organisations", "zh": "阵地数", "en": "Venues", "required": true}}},
        {"retire_kind": {"kind": "other"}}]});
    assert_eq!(post_admin(&app, &edit).await.status, 201);
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let phone = app.login("hewan", device(3)).await;

    let lecture = |n: u32| Entry {
        org_id: DEMO_HEWAN,
        ..sample_entry(n * 4)
    };
    let other = Entry {
        kind: "other".into(),
        ..lecture(5)
    };
    let versioned = |c: Change, v: Option<u32>| Change {
        catalogue_version: v,
        ..c
    };
    let changes = vec![
        versioned(create(1, lecture(1)), Some(V)),
        versioned(create(2, other.clone()), Some(V)),
        versioned(create(3, lecture(2)), Some(V + 1)),
        versioned(create(4, lecture(3)), None),
        versioned(
            create(
                5,
                Entry {
                    id: lecture(6).id,
                    ..other
                },
            ),
            Some(V + 1),
        ),
    ];
    let response = app.push_changes(&phone, changes).await;
    let outcomes: Vec<&Outcome> = response.receipts.iter().map(|r| &r.outcome).collect();
    assert!(
        matches!(outcomes[0], Outcome::Applied { .. }),
        "{outcomes:?}"
    );
    assert!(
        matches!(outcomes[1], Outcome::Applied { .. }),
        "{outcomes:?}"
    );
    let missing_venues = RejectReason::Invalid {
        errors: vec![ValidationError::MissingCount {
            key: "venues".into(),
        }],
    };
    for o in &outcomes[2..4] {
        assert_eq!(
            o,
            &&Outcome::Rejected {
                reason: missing_venues.clone()
            }
        );
    }
    assert!(
        matches!(outcomes[4], Outcome::Rejected { reason: RejectReason::Invalid { errors } }
            if errors == &vec![ValidationError::RetiredKind { kind: "other".into() }]),
        "{outcomes:?}"
    );
}

/// A count renamed keeps its totals (keys are stable), and the exports use
/// the newest names.
#[tokio::test]
async fn a_renamed_count_keeps_its_totals_and_exports_use_the_new_names() {
    let app = TestApp::new().await;
    let entry = Entry {
        date: "2024-04-10".parse().unwrap(),
        counts: [("sessions".to_owned(), 3), ("participants".to_owned(), 85)].into(),
        ..sample_entry(0)
    };
    assert_eq!(entry.kind, "lecture");
    let admin_phone = device(1);
    let reply = app
        .push(&shared::sync::protocol::PushRequest {
            device_id: admin_phone,
            changes: vec![create(1, entry)],
        })
        .await;
    assert!(reply.text().contains("applied"), "{}", reply.text());
    let edit = json!({"base_version": V, "ops": [
        {"rename_kind": {"kind": "lecture", "zh": "理论宣讲", "en": "Talks"}},
        {"rename_count": {"kind": "lecture", "key": "participants", "zh": "听众人次", "en": "Audience"}}]});
    assert_eq!(post_admin(&app, &edit).await.status, 201);
    let xlsx = app
        .get_admin(&format!("{REPORT_XLSX_PATH}?from=2024-01-01&to=2024-12-31"))
        .await;
    assert_eq!(xlsx.status, 200, "{}", xlsx.text());
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx.body.to_vec())).unwrap();
    let sheet = book.worksheet_range("思想引领").unwrap();
    let cells: Vec<String> = sheet.cells().map(|(_, _, c)| c.to_string()).collect();
    for wanted in ["理论宣讲", "听众人次", "85"] {
        assert!(
            cells.iter().any(|c| c.contains(wanted)),
            "{wanted}: {cells:?}"
        );
    }
    assert!(!cells.iter().any(|c| c.contains("参与人数")), "{cells:?}");
}
