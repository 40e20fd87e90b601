//! The commands of the real binary: `setup` (once only), `user add` and
//! `user reset-password` (the passwords they print, or take from
//! `JINGUO_NEW_PASSWORD`, sign in through the API), and `import`.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{call, post_request, Reply};
use server::assets::Assets;
use server::db::Db;
use server::AppState;
use shared::account::LoginRequest;
use shared::api::LOGIN_PATH;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;
use uuid::Uuid;

fn run(db: &Path, args: &[&str], password: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
    cmd.args(args).arg("--db").arg(db).env("RUST_LOG", "warn");
    cmd.env_remove("JINGUO_NEW_PASSWORD");
    if let Some(p) = password {
        cmd.env("JINGUO_NEW_PASSWORD", p);
    }
    cmd.output().unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The one-time password a command printed.
fn one_time_password(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("One-time password: "))
        .unwrap_or_else(|| panic!("no one-time password in {text:?}"))
        .trim()
        .to_owned()
}

async fn login(db: &Path, username: &str, password: &str) -> Reply {
    let url = format!("sqlite://{}", db.display());
    let db = Db::connect(&url, 1).await.unwrap();
    let router = server::app(AppState::new(db.clone(), Arc::new(Assets::empty())));
    let req = LoginRequest {
        username: username.into(),
        password: password.into(),
        device_id: Uuid::now_v7(),
        device_label: String::new(),
    };
    let reply = call(
        router,
        post_request(LOGIN_PATH, serde_json::to_vec(&req).unwrap()),
    )
    .await;
    db.close().await;
    reply
}

#[tokio::test]
async fn setup_once_then_accounts_by_command() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");

    let out = stdout(&run(
        &db,
        &["setup", "--org-name", "平邑街道妇联", "--admin", "boss"],
        None,
    ));
    assert!(out.contains("平邑街道妇联"), "{out}");
    let boss = one_time_password(&out);
    // Right, and a one-time password: it must be replaced before a session.
    assert_eq!(login(&db, "boss", &boss).await.status, 403);

    // A second setup refuses, clearly, and changes nothing.
    let again = run(
        &db,
        &["setup", "--org-name", "别的街道", "--admin", "other"],
        None,
    );
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("an admin account already exists"), "{err}");
    assert_eq!(login(&db, "other", "whatever-password").await.status, 401);

    // `user add` by organisation name, with the password from the environment
    // (never printed).
    let chosen = "chosen-by-script-2026";
    let out = stdout(&run(
        &db,
        &[
            "user",
            "add",
            "--username",
            "county",
            "--role",
            "viewer",
            "--org",
            "平邑街道妇联",
            "--display-name",
            "县妇联",
        ],
        Some(chosen),
    ));
    assert!(!out.contains(chosen), "{out}");
    assert!(out.contains("county (viewer)"), "{out}");
    let reply = login(&db, "county", chosen).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["me"]["user"]["display_name"], "县妇联");

    // Without it, a one-time password is printed.
    let out = stdout(&run(
        &db,
        &[
            "user",
            "add",
            "--username",
            "hewan",
            "--role",
            "cadre",
            "--org",
            "平邑街道妇联",
        ],
        None,
    ));
    let hewan = one_time_password(&out);
    assert_eq!(login(&db, "hewan", &hewan).await.status, 403);

    // Mistakes are refused with a message and exit code 1.
    for (args, says) in [
        (
            vec![
                "user",
                "add",
                "--username",
                "x1x",
                "--role",
                "cadre",
                "--org",
                "没有这个组织",
            ],
            "no organisation named",
        ),
        (
            vec![
                "user",
                "add",
                "--username",
                "hewan",
                "--role",
                "cadre",
                "--org",
                "平邑街道妇联",
            ],
            "taken",
        ),
        (
            vec!["user", "reset-password", "--username", "nobody"],
            "no account",
        ),
    ] {
        let out = run(&db, &args, None);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }

    // `reset-password`: the old password stops working, the new one works.
    let out = stdout(&run(
        &db,
        &["user", "reset-password", "--username", "hewan"],
        None,
    ));
    let fresh = one_time_password(&out);
    assert_ne!(fresh, hewan);
    assert_eq!(login(&db, "hewan", &hewan).await.status, 401);
    assert_eq!(login(&db, "hewan", &fresh).await.status, 403);
}

/// The number on the summary line that starts with `label`.
fn summary_count(text: &str, label: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(label))
        .unwrap_or_else(|| panic!("no {label:?} in {text:?}"))
        .trim()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn import_by_command_stores_a_file_once() {
    use shared::device::{DeviceExport, ExportedEntry, EXPORT_FORMAT, EXPORT_VERSION};
    use shared::fixtures::sample_entry;
    use shared::sync::protocol::{Change, ChangeOp};

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ledger.sqlite3");
    let out = stdout(&run(
        &db,
        &["setup", "--org-name", "平邑街道妇联", "--admin", "boss"],
        Some("boss-password-2026"),
    ));
    // "Created the organisation 平邑街道妇联 (<id>)."
    let root: Uuid = out
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(id, _)| id.parse().unwrap())
        .unwrap();
    let args = [
        "user",
        "add",
        "--username",
        "hewan",
        "--role",
        "cadre",
        "--org",
        "平邑街道妇联",
    ];
    stdout(&run(&db, &args, Some("hewan-password-2026")));

    let entries: Vec<_> = (1..=2)
        .map(|n| shared::Entry {
            org_id: root,
            ..sample_entry(n)
        })
        .collect();
    let export = DeviceExport {
        format: EXPORT_FORMAT.into(),
        version: EXPORT_VERSION,
        device_id: Uuid::now_v7(),
        username: "hewan".into(),
        exported_ms: 0,
        entries: entries
            .iter()
            .map(|e| ExportedEntry {
                entry: e.clone(),
                outcome: None,
                version: None,
                seq: None,
            })
            .collect(),
        pending: entries
            .iter()
            .zip(1..)
            .map(|(e, seq)| Change {
                seq,
                op: ChangeOp::Create { entry: e.clone() },
                catalogue_version: None,
            })
            .collect(),
        acked_seq: None,
    };
    let file = dir.path().join("导出.json");
    std::fs::write(&file, serde_json::to_vec(&export).unwrap()).unwrap();
    let file = file.to_str().unwrap();
    let import = ["import", "--file", file, "--user", "hewan"];

    let first = stdout(&run(&db, &import, None));
    assert!(first.contains("as hewan"), "{first}");
    assert_eq!(summary_count(&first, "Changes applied:"), 2);
    assert_eq!(summary_count(&first, "Changes replayed (taken before):"), 0);
    let second = stdout(&run(&db, &import, None));
    assert_eq!(summary_count(&second, "Changes applied:"), 0);
    assert_eq!(
        summary_count(&second, "Changes replayed (taken before):"),
        2
    );
    assert_eq!(summary_count(&second, "Entries restored:"), 0);

    // As another account, or from a file that is not one: refused.
    let args = [
        "user",
        "add",
        "--username",
        "other",
        "--role",
        "cadre",
        "--org",
        "平邑街道妇联",
    ];
    stdout(&run(&db, &args, Some("other-password-2026")));
    for (args, says) in [
        (
            vec!["import", "--file", file, "--user", "other"],
            "registered to another account",
        ),
        (
            vec!["import", "--file", file, "--user", "nobody"],
            "no account",
        ),
        (
            vec!["import", "--file", "/nonexistent/x.json", "--user", "hewan"],
            "cannot read",
        ),
    ] {
        let out = run(&db, &args, None);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let not_export = dir.path().join("x.json");
    std::fs::write(&not_export, b"{}").unwrap();
    let out = run(
        &db,
        &[
            "import",
            "--file",
            not_export.to_str().unwrap(),
            "--user",
            "hewan",
        ],
        None,
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a Jinguo Ledger export"));
}
