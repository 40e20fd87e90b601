//! Setting up a subdistrict from a spreadsheet: the template downloads, a
//! generated workbook of 300 villages, 600 women's groups and 300 cadres
//! imports in one go (timed, printed) and a second time changes nothing, a
//! file with bad rows names each and applies nothing, unreadable files are
//! 400, and only an admin may do any of it. The new accounts' one-time
//! passwords must be replaced at the first sign-in.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::body::Body;
use axum::http::{header, Request};
use calamine::{open_workbook_from_rs, Reader, Xlsx};
use common::{device, error_code, with_token, Reply, TestApp, ADMIN_DEVICE};
use shared::access::Role;
use shared::account::{FirstPassword, LoginRequest};
use shared::api::{FIRST_PASSWORD_PATH, ORGS_PATH};
use shared::fixtures::DEMO_HEWAN;
use shared::org::Organisation;
use shared::setup::{
    RowAction, SetupApplied, SetupPreview, SETUP_APPLY_PATH, SETUP_PREVIEW_PATH,
    SETUP_TEMPLATE_CSV_PATH, SETUP_TEMPLATE_XLSX_PATH,
};
use std::io::Cursor;
use std::time::Instant;

async fn upload(app: &TestApp, token: &str, path: &str, bytes: Vec<u8>) -> Reply {
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(bytes))
        .unwrap();
    app.send(with_token(req, token)).await
}

async fn as_admin(app: &TestApp, path: &str, bytes: Vec<u8>) -> Reply {
    let token = app.admin_token(ADMIN_DEVICE).await;
    upload(app, &token, path, bytes).await
}

fn ok<T: serde::de::DeserializeOwned>(reply: &Reply) -> T {
    assert_eq!(reply.status, 200, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

async fn org_count(app: &TestApp) -> usize {
    ok::<Vec<Organisation>>(&app.get_admin(ORGS_PATH).await).len()
}

async fn user_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

/// A workbook as the office fills it: `villages` villages under the root,
/// two women's groups each, a cadre each.
fn workbook(villages: usize) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let orgs = book.add_worksheet();
    orgs.set_name("组织").unwrap();
    orgs.write_row(0, 0, ["上级", "名称", "类型"]).unwrap();
    let mut row = 1;
    for v in 1..=villages {
        let village = format!("测试{v:03}村妇联");
        orgs.write_row(row, 0, ["平邑街道妇联", village.as_str(), "村妇联"])
            .unwrap();
        row += 1;
        for g in ["第一妇女小组", "第二妇女小组"] {
            let group = format!("测试{v:03}村{g}");
            orgs.write_row(row, 0, [village.as_str(), group.as_str(), "妇女小组"])
                .unwrap();
            row += 1;
        }
    }
    let accounts = book.add_worksheet();
    accounts.set_name("账号").unwrap();
    accounts
        .write_row(0, 0, ["用户名", "姓名", "角色", "所属组织"])
        .unwrap();
    for v in 1..=villages {
        let (user, village) = (format!("cadre{v:03}"), format!("测试{v:03}村妇联"));
        let row = [user.as_str(), "王秀英", "妇联干部", village.as_str()];
        accounts.write_row(v as u32, 0, row).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn the_templates_download_for_an_admin_only() {
    let app = TestApp::new().await;
    let xlsx = app.get_admin(SETUP_TEMPLATE_XLSX_PATH).await;
    assert_eq!(xlsx.status, 200, "{}", xlsx.text());
    assert!(xlsx
        .header(header::CONTENT_DISPOSITION)
        .contains("attachment"));
    let book: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx.body.to_vec())).unwrap();
    assert_eq!(book.sheet_names(), vec!["组织", "账号"]);
    let csv = app.get_admin(SETUP_TEMPLATE_CSV_PATH).await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    assert!(csv.text().contains("上级,名称,类型") && csv.text().contains("#例：平邑街道妇联"));
    // The template as downloaded previews as nothing to do.
    let preview: SetupPreview = ok(&as_admin(&app, SETUP_PREVIEW_PATH, xlsx.body.to_vec()).await);
    assert!(preview.rows.is_empty());

    let cadre = app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let session = app.login(&cadre.username, device(5)).await;
    for path in [SETUP_TEMPLATE_XLSX_PATH, SETUP_TEMPLATE_CSV_PATH] {
        assert_eq!(app.get_as(&session.token, path).await.status, 403);
    }
    for path in [SETUP_PREVIEW_PATH, SETUP_APPLY_PATH] {
        let reply = upload(&app, &session.token, path, workbook(1)).await;
        assert_eq!(reply.status, 403, "{path}");
    }
    assert_eq!(app.get(SETUP_TEMPLATE_CSV_PATH).await.status, 401);
}

#[tokio::test]
async fn a_subdistrict_imports_in_one_go_and_a_second_time_changes_nothing() {
    let app = TestApp::new().await;
    let (orgs_before, users_before) = (org_count(&app).await, user_count(&app).await);
    let file = workbook(300);

    let preview: SetupPreview = ok(&as_admin(&app, SETUP_PREVIEW_PATH, file.clone()).await);
    assert_eq!(
        (preview.new_orgs, preview.new_accounts, preview.errors),
        (900, 300, 0)
    );

    let started = Instant::now();
    let applied: SetupApplied = ok(&as_admin(&app, SETUP_APPLY_PATH, file.clone()).await);
    let took = started.elapsed();
    println!(
        "setup import: 300 villages, 600 women's groups, 300 cadres applied in {:.2} s \
         (one-time passwords hashed with argon2id on every core)",
        took.as_secs_f64()
    );
    assert_eq!(applied.new_orgs, 900);
    assert_eq!(applied.accounts.len(), 300);
    assert!(applied
        .accounts
        .iter()
        .all(|a| a.one_time_password.len() == 12));
    let first = &applied.accounts[0];
    assert_eq!(
        (first.user.username.as_str(), first.org_name.as_str()),
        ("cadre001", "测试001村妇联")
    );
    assert_eq!(org_count(&app).await, orgs_before + 900);
    assert_eq!(user_count(&app).await, users_before + 300);

    let again: SetupApplied = ok(&as_admin(&app, SETUP_APPLY_PATH, file).await);
    assert_eq!((again.new_orgs, again.unchanged), (0, 1200));
    assert!(again.accounts.is_empty());
    assert_eq!(org_count(&app).await, orgs_before + 900);
    assert_eq!(user_count(&app).await, users_before + 300);

    // A new account's one-time password must be replaced at the first
    // sign-in, and then fails.
    let login = |password: &str| LoginRequest {
        username: first.user.username.clone(),
        password: password.into(),
        device_id: device(9),
        device_label: "她的手机".into(),
    };
    let reply = app
        .post_json(
            shared::api::LOGIN_PATH,
            serde_json::to_vec(&login(&first.one_time_password)).unwrap(),
        )
        .await;
    assert_eq!(reply.status, 403, "{}", reply.text());
    assert_eq!(error_code(&reply), "password_change_required");
    let changed = FirstPassword {
        login: login(&first.one_time_password),
        new_password: "她自己的新密码2026".into(),
    };
    let reply = app
        .post_json(FIRST_PASSWORD_PATH, serde_json::to_vec(&changed).unwrap())
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = app
        .post_json(
            shared::api::LOGIN_PATH,
            serde_json::to_vec(&login(&first.one_time_password)).unwrap(),
        )
        .await;
    assert_eq!(reply.status, 401, "{}", reply.text());
}

#[tokio::test]
async fn three_bad_rows_show_three_errors_and_nothing_is_applied() {
    let app = TestApp::new().await;
    let (orgs_before, users_before) = (org_count(&app).await, user_count(&app).await);
    // Saved by Excel on Chinese Windows: GBK.
    let csv = "上级,名称,类型\r\n\
        平邑街道妇联,东村妇联,村妇联\r\n\
        平邑街道妇联,西村妇联,大队\r\n\
        东村妇联,东村第一妇女小组,妇女小组\r\n\
        北山街道妇联,南村妇联,村妇联\r\n\
        \r\n\
        用户名,姓名,角色,所属组织\r\n\
        dongcun,李秀兰,妇联干部,东村妇联\r\n\
        admin,张三,妇联干部,东村妇联\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    let preview: SetupPreview = ok(&as_admin(&app, SETUP_PREVIEW_PATH, gbk.to_vec()).await);
    let wrong: Vec<(u32, String)> = preview
        .rows
        .iter()
        .filter(|r| r.action == RowAction::Error)
        .map(|r| (r.line, r.message_zh.clone().unwrap()))
        .collect();
    assert_eq!(wrong.len(), 3, "{wrong:?}");
    assert_eq!(wrong.iter().map(|w| w.0).collect::<Vec<_>>(), vec![3, 5, 9]);
    assert!(wrong[0].1.contains("大队"));
    assert!(wrong[1].1.contains("北山街道妇联"));
    assert!(wrong[2].1.contains("admin"));
    assert_eq!(preview.errors, 3);

    let reply = as_admin(&app, SETUP_APPLY_PATH, gbk.to_vec()).await;
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(error_code(&reply), "setup_rows_wrong");
    assert!(reply.json()["error"]["message_zh"]
        .as_str()
        .unwrap()
        .contains("3行"));
    assert_eq!(org_count(&app).await, orgs_before);
    assert_eq!(user_count(&app).await, users_before);
}

#[tokio::test]
async fn unreadable_files_are_refused_with_a_reason() {
    let app = TestApp::new().await;
    for (bytes, code, says) in [
        (Vec::new(), "invalid_setup_file", "空"),
        (vec![0x81, 0x20, 0xFF, 0xFE], "invalid_setup_file", "UTF-8"),
        (
            b"PK\x03\x04 not really a zip".to_vec(),
            "invalid_setup_file",
            "Excel",
        ),
        (
            "名字,类别\n甲,乙\n".as_bytes().to_vec(),
            "invalid_setup_rows",
            "表头",
        ),
        (b"\"unclosed,quote\n".to_vec(), "invalid_setup_rows", "表头"),
    ] {
        for path in [SETUP_PREVIEW_PATH, SETUP_APPLY_PATH] {
            let reply = as_admin(&app, path, bytes.clone()).await;
            assert_eq!(reply.status, 400, "{path}: {}", reply.text());
            assert_eq!(error_code(&reply), code, "{}", reply.text());
            let zh = reply.json()["error"]["message_zh"]
                .as_str()
                .unwrap()
                .to_owned();
            assert!(zh.contains(says), "{zh}");
        }
    }
}
