//! What a phone is told of the deployment's window (`serve
//! --phone-window-years`): at sign-in and in `/api/v1/me`.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use common::{call, device, post_request, with_token, TestApp, PASSWORD};
use server::assets::Assets;
use server::AppState;
use shared::access::Role;
use shared::account::{LoginRequest, LoginResponse};
use shared::api::LOGIN_PATH;
use shared::fixtures::DEMO_HEWAN;
use std::net::SocketAddr;
use std::sync::Arc;

#[tokio::test]
async fn phones_are_told_the_deployments_window() {
    let app = TestApp::new().await;
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    // The default: this year and the last.
    let session = app.login("hewan", device(1)).await;
    let me = app
        .get_as(&session.token, shared::api::ME_PATH)
        .await
        .json();
    assert_eq!(me["phone_window_years"], 2);
    // A deployment that keeps five years on its phones says so at sign-in
    // and in /me.
    let five = server::app(AppState {
        phone_window_years: 5,
        ..AppState::new(app.db.clone(), Arc::new(Assets::empty()))
    });
    let body = serde_json::to_vec(&LoginRequest {
        username: "hewan".into(),
        password: PASSWORD.into(),
        device_id: device(2),
        device_label: String::new(),
    })
    .unwrap();
    let mut req = post_request(LOGIN_PATH, body);
    req.extensions_mut()
        .insert(ConnectInfo("192.0.2.9:1000".parse::<SocketAddr>().unwrap()));
    let reply = call(five.clone(), req).await;
    let signed_in: LoginResponse = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(signed_in.me.phone_window_years, 5);
    let me = call(
        five,
        with_token(
            Request::get(shared::api::ME_PATH)
                .body(Body::empty())
                .unwrap(),
            &signed_in.token,
        ),
    )
    .await
    .json();
    assert_eq!(me["phone_window_years"], 5);
}
