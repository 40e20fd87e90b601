//! The HTTP calls to the server, and what their failures mean. One request
//! helper ([`send`]: method, path, bearer token, JSON body, timeout; statuses
//! sorted in `api_error`) and one small typed function per endpoint. No component talks
//! HTTP: they call these (through `session::Auth::observe`, which notices a
//! session the server no longer accepts).

use super::gzip;
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::set_timeout_with_handle;
use serde::{de::DeserializeOwned, Serialize};
use shared::account::{
    ChangePassword, CreateOrg, CreateUser, CreatedUser, DeviceInfo, FirstPassword, LoginRequest,
    LoginResponse, Me, UpdateOrg, UserInfo,
};
use shared::api::{
    DEVICES_PATH, ENTRIES_BY_DATE_PATH, FIRST_PASSWORD_PATH, LOGIN_PATH, LOGOUT_PATH, ME_PATH,
    ORGS_PATH, PASSWORD_PATH, PULL_PATH, PUSH_PATH, REPORT_PATH, SUMMARY_DOCX_PATH, USERS_PATH,
};
use shared::listing::{DatedPage, DatedQuery};
use shared::org::Organisation;
use shared::report::build::Report;
use shared::report::wire::{ReportParams, SummaryText};
use shared::sync::protocol::{PullPage, PushRequest, PushResponse};
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;
use uuid::Uuid;
use web_sys::AbortController;

use super::api_error::sort;
pub use super::api_error::{ApiError, AuthProblem, Transient};

/// A request that has not answered by then is given up: on a weak link a hung
/// request must not block syncing (or a button) for good.
const TIMEOUT: Duration = Duration::from_secs(45);

/// A request's body as it goes on the wire.
pub(super) enum Payload {
    Json(String),
    /// The JSON gzip-compressed (sent with `Content-Encoding: gzip`).
    GzipJson(js_sys::Uint8Array),
    /// A file's bytes as they are (`application/octet-stream`).
    Bytes(js_sys::Uint8Array),
}

/// Sends one request and sorts the answer: the body of a 2xx, or why not.
/// Not generic and boxed, so the fetch code is in the wasm once rather than
/// inlined into every caller's future.
fn send(
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Pin<Box<dyn Future<Output = Result<String, ApiError>>>> {
    send_payload(method, path, token, body.map(Payload::Json))
}

/// [`send`] with a body that may be compressed.
pub(super) fn send_payload(
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Payload>,
) -> Pin<Box<dyn Future<Output = Result<String, ApiError>>>> {
    let path = path.to_owned();
    let token = token.map(str::to_owned);
    let bytes = send_inner(method, path, token, body);
    Box::pin(async move {
        String::from_utf8(bytes.await?).map_err(|_| ApiError::Transient(Transient::Unreadable))
    })
}

/// [`send`], keeping the body as bytes (files).
pub(super) fn send_bytes(
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Pin<Box<dyn Future<Output = Result<Vec<u8>, ApiError>>>> {
    let path = path.to_owned();
    let token = token.map(str::to_owned);
    Box::pin(send_inner(method, path, token, body.map(Payload::Json)))
}

async fn send_inner(
    method: Method,
    path: String,
    token: Option<String>,
    body: Option<Payload>,
) -> Result<Vec<u8>, ApiError> {
    let network = || ApiError::Transient(Transient::Network);
    let controller = AbortController::new().map_err(|_| network())?;
    let abort = controller.clone();
    let timer = set_timeout_with_handle(move || abort.abort(), TIMEOUT).ok();
    let signal = controller.signal();
    let mut builder = RequestBuilder::new(&path)
        .method(method)
        .abort_signal(Some(&signal));
    if let Some(token) = &token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let built = match body {
        Some(Payload::Json(json)) => builder
            .header("Content-Type", "application/json")
            .body(json),
        Some(Payload::GzipJson(bytes)) => builder
            .header("Content-Type", "application/json")
            .header("Content-Encoding", "gzip")
            .body(bytes),
        Some(Payload::Bytes(bytes)) => builder
            .header("Content-Type", "application/octet-stream")
            .body(bytes),
        None => builder.build(),
    };
    let result = match built {
        Err(_) => Err(network()),
        Ok(request) => match request.send().await {
            Err(_) => Err(network()),
            Ok(resp) => {
                let status = resp.status();
                match resp.binary().await {
                    Err(_) => Err(network()),
                    Ok(body) => sort(status, body),
                }
            }
        },
    };
    if let Some(timer) = timer {
        timer.clear();
    }
    result
}

/// A file's bytes POSTed as they are; the answer's text.
pub(super) fn post_bytes(
    path: &str,
    token: &str,
    bytes: &[u8],
) -> Pin<Box<dyn Future<Output = Result<String, ApiError>>>> {
    let body = Payload::Bytes(js_sys::Uint8Array::from(bytes));
    send_payload(Method::POST, path, Some(token), Some(body))
}

/// A request whose answer is JSON of type `T`.
pub(super) async fn call<T: DeserializeOwned>(
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<String>,
) -> Result<T, ApiError> {
    parse(send(method, path, token, body).await?)
}

pub(super) fn json<B: Serialize>(body: &B) -> Option<String> {
    serde_json::to_string(body).ok()
}

/// A unit variant's name on the wire (`OrgKind::WomenGroup` → `women_group`),
/// for the values of a `<select>`: the same names the API uses.
pub fn wire_name<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .trim_matches('"')
        .to_owned()
}

/// The unit variant with this wire name.
pub fn from_wire_name<T: DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_str(&format!("\"{name}\"")).ok()
}

/// Signs in; the device id is this phone's id for the account.
pub async fn login(req: &LoginRequest) -> Result<LoginResponse, ApiError> {
    call(Method::POST, LOGIN_PATH, None, json(req)).await
}

/// The first sign-in with a one-time password, replacing it.
pub async fn first_password(req: &FirstPassword) -> Result<LoginResponse, ApiError> {
    call(Method::POST, FIRST_PASSWORD_PATH, None, json(req)).await
}

/// Changes the signed-in account's own password (its other sessions end).
pub async fn change_password(token: &str, req: &ChangePassword) -> Result<(), ApiError> {
    send(Method::POST, PASSWORD_PATH, Some(token), json(req))
        .await
        .map(|_| ())
}

/// Ends the session on the server (best effort: the app forgets it anyway).
pub async fn logout(token: &str) -> Result<(), ApiError> {
    send(Method::POST, LOGOUT_PATH, Some(token), None)
        .await
        .map(|_| ())
}

pub async fn me(token: &str) -> Result<Me, ApiError> {
    call(Method::GET, ME_PATH, Some(token), None).await
}

/// Sends a batch of changes; the answer holds one receipt per change taken.
/// The body goes gzip-compressed where the browser can (a fifth of the
/// bytes); a server or proxy that refuses the encoding (415) gets it plain.
pub async fn push(token: &str, batch: &PushRequest) -> Result<PushResponse, ApiError> {
    let Some(json) = json(batch) else {
        return call(Method::POST, PUSH_PATH, Some(token), None).await;
    };
    if let Some(zipped) = gzip::gzip(&json).await {
        let sent = send_payload(
            Method::POST,
            PUSH_PATH,
            Some(token),
            Some(Payload::GzipJson(zipped)),
        )
        .await;
        match sent {
            Err(ApiError::Permanent { status: 415, .. }) => {}
            other => return parse(other?),
        }
    }
    parse(send(Method::POST, PUSH_PATH, Some(token), Some(json)).await?)
}

pub(super) fn parse<T: DeserializeOwned>(text: String) -> Result<T, ApiError> {
    serde_json::from_str(&text).map_err(|_| ApiError::Transient(Transient::Unreadable))
}

/// One page of what the server holds for this account, newest first by
/// date (`shared::listing`).
pub async fn entries_by_date(token: &str, query: &DatedQuery) -> Result<DatedPage, ApiError> {
    let path = format!("{ENTRIES_BY_DATE_PATH}?{}", query.to_query_string());
    call(Method::GET, &path, Some(token), None).await
}

/// One page of what changed on the server after `after` (this account's
/// scope; with `committees`, only committee changes).
pub async fn pull(
    token: &str,
    after: u64,
    limit: u32,
    committees: bool,
) -> Result<PullPage, ApiError> {
    let mut path = format!("{PULL_PATH}?after={after}&limit={limit}");
    if committees {
        path.push_str("&committees=true");
    }
    call(Method::GET, &path, Some(token), None).await
}

/// A page of the window's first fill: the entries dated from `query.from`,
/// newest first, after its cursor (see `shared::sync::window`).
/// With `committees`, only committee changes (an office account's phone).
pub async fn pull_fill(
    token: &str,
    query: &shared::sync::window::WindowQuery,
    limit: u32,
    committees: bool,
) -> Result<PullPage, ApiError> {
    let mut path = format!("{PULL_PATH}?after=0&limit={limit}");
    if committees {
        path.push_str("&committees=true");
    }
    if let Some(from) = query.from {
        path.push_str(&format!("&from={from}"));
    }
    if let Some(cursor) = query.before() {
        path.push_str(&format!(
            "&before_date={}&before_id={}",
            cursor.date, cursor.id
        ));
    }
    call(Method::GET, &path, Some(token), None).await
}

/// The deployment's catalogue of work.
pub async fn catalogue(token: &str) -> Result<shared::catalogue::Catalogue, ApiError> {
    call(Method::GET, shared::api::CATALOGUE_PATH, Some(token), None).await
}

/// Saves an admin's edit of the catalogue: the new version in force.
pub async fn edit_catalogue(
    token: &str,
    edit: &shared::catalogue::edit::CatalogueEdit,
) -> Result<shared::catalogue::Catalogue, ApiError> {
    call(
        Method::POST,
        shared::api::CATALOGUE_PATH,
        Some(token),
        json(edit),
    )
    .await
}

/// The organisations this account may see.
pub async fn orgs(token: &str) -> Result<Vec<Organisation>, ApiError> {
    call(Method::GET, ORGS_PATH, Some(token), None).await
}

pub async fn create_org(token: &str, req: &CreateOrg) -> Result<Organisation, ApiError> {
    call(Method::POST, ORGS_PATH, Some(token), json(req)).await
}

pub async fn update_org(token: &str, id: Uuid, req: &UpdateOrg) -> Result<Organisation, ApiError> {
    let path = format!("{ORGS_PATH}/{id}");
    call(Method::PATCH, &path, Some(token), json(req)).await
}

pub async fn users(token: &str) -> Result<Vec<UserInfo>, ApiError> {
    call(Method::GET, USERS_PATH, Some(token), None).await
}

pub async fn create_user(token: &str, req: &CreateUser) -> Result<CreatedUser, ApiError> {
    call(Method::POST, USERS_PATH, Some(token), json(req)).await
}

pub async fn reset_password(token: &str, id: Uuid) -> Result<CreatedUser, ApiError> {
    let path = format!("{USERS_PATH}/{id}/reset-password");
    call(Method::POST, &path, Some(token), None).await
}

pub async fn devices(token: &str) -> Result<Vec<DeviceInfo>, ApiError> {
    call(Method::GET, DEVICES_PATH, Some(token), None).await
}

/// Revokes (`revoke` true) or restores a device.
pub async fn set_device_revoked(
    token: &str,
    id: Uuid,
    revoke: bool,
) -> Result<DeviceInfo, ApiError> {
    let action = if revoke { "revoke" } else { "restore" };
    let path = format!("{DEVICES_PATH}/{id}/{action}");
    call(Method::POST, &path, Some(token), None).await
}

/// A report of the organisations and period asked for.
pub async fn report(token: &str, params: &ReportParams) -> Result<Report, ApiError> {
    let path = format!("{REPORT_PATH}?{}", report_query(params));
    call(Method::GET, &path, Some(token), None).await
}

/// A report as a file (`REPORT_CSV_PATH` or `REPORT_XLSX_PATH`).
pub async fn report_file(
    token: &str,
    path: &str,
    params: &ReportParams,
) -> Result<Vec<u8>, ApiError> {
    let path = format!("{path}?{}", report_query(params));
    send_bytes(Method::GET, &path, Some(token), None).await
}

/// A photo's or thumbnail's bytes, as the account may read them.
pub async fn photo(token: &str, sha256: &str) -> Result<Vec<u8>, ApiError> {
    send_bytes(
        Method::GET,
        &shared::api::photo_path(sha256),
        Some(token),
        None,
    )
    .await
}

/// The edited summary as a Word file.
pub async fn summary_docx(token: &str, text: &SummaryText) -> Result<Vec<u8>, ApiError> {
    send_bytes(Method::POST, SUMMARY_DOCX_PATH, Some(token), json(text)).await
}

/// The query string of a report.
pub fn report_query(params: &ReportParams) -> String {
    let mut q = format!("from={}&to={}", params.from, params.to);
    if let Some(org) = params.org {
        q.push_str(&format!("&org={org}"));
    }
    if let Some(lang) = params.lang {
        q.push_str(&format!("&lang={}", wire_name(&lang)));
    }
    q
}

#[cfg(test)]
#[path = "api_tests.rs"]
mod tests;
