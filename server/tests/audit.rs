//! The audit log records changes and admin actions with who, which device and
//! when; neither it nor the server's log ever holds a password or a token.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{create, device, TestApp, ADMIN_DEVICE, PASSWORD};
use serde_json::json;
use shared::access::Role;
use shared::account::{AuditPage, AuditRecord};
use shared::api::{AUDIT_PATH, DEVICES_PATH, ORGS_PATH};
use shared::fixtures::{sample_entry, DEMO_HEWAN, DEMO_ROOT};
use shared::sync::protocol::PushRequest;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

/// Everything every test of this binary logs, at every level.
fn captured_log() -> Arc<Mutex<Vec<u8>>> {
    static LOG: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || Sink(sink.clone()))
            .finish();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        log
    })
    .clone()
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn audit_records(app: &TestApp) -> Vec<AuditRecord> {
    let page: AuditPage =
        serde_json::from_slice(&app.get_admin(&format!("{AUDIT_PATH}?limit=500")).await.body)
            .unwrap();
    page.records
}

/// Whether a text holds a UUID (8-4-4-4-12 hex digits).
fn regex_lite_uuid() -> impl Fn(&str) -> bool {
    |text: &str| {
        let chars: Vec<char> = text.chars().collect();
        chars.windows(36).any(|w| {
            let s: String = w.iter().collect();
            s.parse::<uuid::Uuid>().is_ok() && s.matches('-').count() == 4
        })
    }
}

#[tokio::test]
async fn changes_and_admin_actions_are_recorded_without_secrets() {
    let log = captured_log();
    let app = TestApp::new().await;
    let cadre = app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let wrong = "a-wrong-secret-password";
    assert_eq!(app.try_login("hewan", wrong, device(1)).await.status, 401);
    let session = app.login("hewan", device(1)).await;

    // A push by the cadre.
    let mut entry = sample_entry(1);
    entry.org_id = DEMO_HEWAN;
    let reply = app
        .push_as(
            &session.token,
            &PushRequest {
                device_id: device(1),
                changes: vec![create(1, entry.clone())],
            },
        )
        .await;
    assert_eq!(reply.status, 200);
    // An organisation created and a device revoked by the admin.
    let admin = app.admin_token(ADMIN_DEVICE).await;
    let body =
        serde_json::to_vec(&json!({"name": "新村", "kind": "village", "parent_id": DEMO_ROOT}))
            .unwrap();
    let org = app.post_json_as(&admin, ORGS_PATH, body).await.json();
    let revoke = format!("{DEVICES_PATH}/{}/revoke", device(1));
    assert_eq!(app.post_json_as(&admin, &revoke, "").await.status, 200);

    let records = audit_records(&app).await;
    let find = |action: &str| {
        records
            .iter()
            .find(|r| r.action == action)
            .unwrap_or_else(|| panic!("no {action} in {records:#?}"))
    };
    let created = find("entry.create");
    assert_eq!(created.target, entry.id.to_string());
    assert_eq!(created.user_id, Some(cadre.id));
    assert_eq!(created.username.as_deref(), Some("hewan"));
    assert_eq!(created.device_id, Some(device(1)));
    assert!(created.at_ms > 1_700_000_000_000);

    let admin_id = records
        .iter()
        .find(|r| r.action == "auth.login" && r.username.as_deref() == Some("admin"))
        .unwrap()
        .user_id;
    let org_created = find("org.create");
    assert_eq!(org_created.target, org["id"].as_str().unwrap());
    assert_eq!(
        (org_created.user_id, org_created.device_id),
        (admin_id, Some(ADMIN_DEVICE))
    );
    let revoked = find("device.revoke");
    assert_eq!(revoked.target, device(1).to_string());
    assert_eq!(
        (revoked.user_id, revoked.device_id),
        (admin_id, Some(ADMIN_DEVICE))
    );
    assert_eq!(revoked.detail, "1 session(s) ended");

    let failed = find("auth.login_failed");
    assert_eq!(failed.target, "hewan", "the attempted username is kept");
    assert_eq!(failed.user_id, None);

    // Each record names who, on which device, and what: said as a sentence
    // with names, never an id.
    assert_eq!(created.actor_name.as_deref(), Some("hewan 的名字"));
    assert_eq!(created.actor_org.as_deref(), Some("河湾社区妇联"));
    assert_eq!(created.device_label.as_deref(), Some("hewan's phone"));
    assert_eq!(created.target_label.as_deref(), Some(entry.title.as_str()));
    assert_eq!(org_created.target_label.as_deref(), Some("新村"));
    assert_eq!(revoked.target_label.as_deref(), Some("hewan's phone"));
    let uuid = regex_lite_uuid();
    for r in &records {
        for lang in [shared::Lang::Zh, shared::Lang::En] {
            let said = shared::audit::sentence(r, lang);
            assert!(!uuid(&said), "an id in {said:?} ({r:?})");
        }
    }

    // No password, no token, anywhere.
    let audit_text = serde_json::to_string(&records).unwrap();
    let log_text = String::from_utf8_lossy(&log.lock().unwrap()).into_owned();
    assert!(
        log_text.contains("/api/v1/auth/login"),
        "the log was captured"
    );
    for secret in [PASSWORD, wrong, session.token.as_str(), admin.as_str()] {
        assert!(!audit_text.contains(secret), "audit log holds {secret}");
        assert!(!log_text.contains(secret), "server log holds {secret}");
    }
    let hashes: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert!(
        hashes.iter().all(|h| h.len() == 64 && *h != session.token),
        "tokens are stored hashed"
    );
}
