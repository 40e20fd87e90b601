//! Passwords that really are one-time, and an account's own password: a
//! password an admin made (new account, reset) gives no session until it is
//! replaced at the first sign-in, and then fails; a chosen one needs no
//! change; a signed-in account changes its own password with the current
//! one (guessed no faster than at a login), and its other sessions end.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::http::Method;
use common::{device, error_code, Reply, TestApp, ADMIN_DEVICE};
use serde_json::json;
use shared::account::{ChangePassword, CreatedUser, FirstPassword, LoginRequest, LoginResponse};
use shared::api::{AUDIT_PATH, FIRST_PASSWORD_PATH, ME_PATH, PASSWORD_PATH, USERS_PATH};
use shared::fixtures::DEMO_HEWAN;
use uuid::Uuid;

async fn create(app: &TestApp, username: &str, password: Option<&str>) -> CreatedUser {
    let token = app.admin_token(ADMIN_DEVICE).await;
    let body = json!({"username": username, "display_name": "孙艳萍", "role": "cadre",
        "org_id": DEMO_HEWAN, "password": password});
    let reply = app
        .send_json_as(
            &token,
            Method::POST,
            USERS_PATH,
            serde_json::to_vec(&body).unwrap(),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

async fn first(app: &TestApp, username: &str, old: &str, new: &str, phone: Uuid) -> Reply {
    let req = FirstPassword {
        login: LoginRequest {
            username: username.into(),
            password: old.into(),
            device_id: phone,
            device_label: "她的手机".into(),
        },
        new_password: new.into(),
    };
    app.post_json(FIRST_PASSWORD_PATH, serde_json::to_vec(&req).unwrap())
        .await
}

async fn change(app: &TestApp, token: &str, current: &str, new: &str) -> Reply {
    let req = ChangePassword {
        current_password: current.into(),
        new_password: new.into(),
    };
    app.post_json_as(token, PASSWORD_PATH, serde_json::to_vec(&req).unwrap())
        .await
}

fn refused(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(error_code(reply), code);
}

#[tokio::test]
async fn a_one_time_password_must_be_replaced_at_the_first_sign_in_and_then_fails() {
    let app = TestApp::new().await;
    let made = create(&app, "sunyp", None).await;
    let otp = made.one_time_password.unwrap();
    let phone = device(1);

    refused(
        &app.try_login("sunyp", &otp, phone).await,
        403,
        "password_change_required",
    );
    // Not the same password again, not a short one, not with a wrong one.
    refused(
        &first(&app, "sunyp", &otp, &otp, phone).await,
        422,
        "invalid_account",
    );
    refused(
        &first(&app, "sunyp", &otp, "short", phone).await,
        422,
        "invalid_account",
    );
    refused(
        &first(&app, "sunyp", "not-the-otp", "我自己设的新密码", phone).await,
        401,
        "bad_credentials",
    );

    let reply = first(&app, "sunyp", &otp, "我自己设的新密码", phone).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let signed_in: LoginResponse = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(app.get_as(&signed_in.token, ME_PATH).await.status, 200);

    refused(
        &app.try_login("sunyp", &otp, phone).await,
        401,
        "bad_credentials",
    );
    assert_eq!(
        app.try_login("sunyp", "我自己设的新密码", phone)
            .await
            .status,
        200
    );
    // A reset makes a one-time password again.
    let token = app.admin_token(ADMIN_DEVICE).await;
    let uri = format!("{USERS_PATH}/{}/reset-password", made.user.id);
    let reset: CreatedUser =
        serde_json::from_slice(&app.post_json_as(&token, &uri, "{}").await.body).unwrap();
    let fresh = reset.one_time_password.unwrap();
    refused(
        &app.try_login("sunyp", &fresh, phone).await,
        403,
        "password_change_required",
    );
    assert_eq!(
        first(&app, "sunyp", &fresh, "又一个新的密码呀呀", phone)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn a_password_the_admin_chose_needs_no_change() {
    let app = TestApp::new().await;
    create(&app, "county", Some("a-chosen-password")).await;
    assert_eq!(
        app.try_login("county", "a-chosen-password", device(2))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn her_own_password_changes_with_the_current_one_and_her_other_sessions_end() {
    let app = TestApp::new().await;
    create(&app, "hewan", Some("first-password-1")).await;
    let phone = app.try_login("hewan", "first-password-1", device(3)).await;
    let phone: LoginResponse = serde_json::from_slice(&phone.body).unwrap();
    let tablet = app.try_login("hewan", "first-password-1", device(4)).await;
    let tablet: LoginResponse = serde_json::from_slice(&tablet.body).unwrap();

    // A wrong current password: 403, not 401 (her session is fine).
    refused(
        &change(&app, &phone.token, "wrong-guess-1", "新密码新密码新密码").await,
        403,
        "wrong_password",
    );
    assert_eq!(app.get_as(&phone.token, ME_PATH).await.status, 200);
    refused(
        &change(&app, &phone.token, "first-password-1", "first-password-1").await,
        422,
        "invalid_account",
    );

    let done = change(&app, &phone.token, "first-password-1", "新密码新密码新密码").await;
    assert_eq!(done.status, 204, "{}", done.text());
    assert_eq!(
        app.get_as(&phone.token, ME_PATH).await.status,
        200,
        "this phone stays"
    );
    refused(
        &app.get_as(&tablet.token, ME_PATH).await,
        401,
        "unauthenticated",
    );
    refused(
        &app.try_login("hewan", "first-password-1", device(3)).await,
        401,
        "bad_credentials",
    );
    assert_eq!(
        app.try_login("hewan", "新密码新密码新密码", device(3))
            .await
            .status,
        200
    );

    let log = app.get_admin(&format!("{AUDIT_PATH}?limit=50")).await;
    assert!(
        log.text().contains("user.change_password"),
        "{}",
        log.text()
    );
}

#[tokio::test]
async fn a_stolen_session_cannot_guess_the_password_faster_than_a_login() {
    let app = TestApp::new().await;
    create(&app, "hewan", Some("first-password-1")).await;
    let phone = app.try_login("hewan", "first-password-1", device(5)).await;
    let phone: LoginResponse = serde_json::from_slice(&phone.body).unwrap();
    // The name's limit is five wrong passwords; then it is locked, and the
    // right one is refused too until the lock ends.
    let mut codes = Vec::new();
    for n in 0..6 {
        let reply = change(
            &app,
            &phone.token,
            &format!("guess-{n}-guess"),
            "新密码新密码新密码",
        )
        .await;
        codes.push(error_code(&reply));
    }
    assert_eq!(codes[..4], ["wrong_password"; 4]);
    assert_eq!(codes[4..], ["account_locked", "account_locked"]);
    refused(
        &change(&app, &phone.token, "first-password-1", "新密码新密码新密码").await,
        423,
        "account_locked",
    );
    refused(
        &app.try_login("hewan", "first-password-1", device(5)).await,
        423,
        "account_locked",
    );
}
