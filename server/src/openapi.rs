//! The API's OpenAPI 3.1 document, served at `GET /api/v1/openapi.json`.
//!
//! Nothing here lists routes or copies wire types: the paths come from
//! [`crate::api_routes`] (each handler registered with its
//! `#[utoipa::path]`), the schemas from `shared`'s types (derived under its
//! `openapi` feature). What is added here follows from what each operation
//! declares, because the same extractors answer the same way everywhere:
//! a bearer token → 401; a JSON body (`ApiJson`) → 400, 413, 415, 422; a
//! query (`ApiQuery`) → 400; a path id (`ApiPath`) → 404; any request →
//! 414 and 431 (the connection's limits, before routing), 500 and 503
//! (`busy`). Errors a handler adds itself (403, 409, 422 of a rule, 423,
//! 429) are in its own annotation. The push carries an example made from
//! `shared::fixtures`, so a fuzzer's first request is a valid one.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::IntoResponse;
use shared::api::{OPENAPI_PATH, PUSH_PATH};
use shared::fixtures::sample_entry;
use shared::sync::protocol::{Change, ChangeOp, PushRequest};
use std::sync::LazyLock;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{
    ContentBuilder, InfoBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder, Schema,
};
use utoipa::{PartialSchema, ToSchema};
use uuid::Uuid;

/// The name of the security scheme the signed-in operations name.
pub const BEARER: &str = "bearer";

/// The document, made once (it depends on no state).
static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    serde_json::to_string(&document()).unwrap_or_else(|e| {
        // Serialising plain data cannot fail; should it, say so in JSON.
        format!("{{\"error\":\"{e}\"}}")
    })
});

/// This document (no sign-in needed: it describes, it holds no data).
#[utoipa::path(
    get,
    path = OPENAPI_PATH,
    tag = "meta",
    responses((status = 200, description = "This OpenAPI 3.1 document.", body = Object)),
)]
pub async fn get_openapi() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        DOCUMENT.as_str(),
    )
}

/// The whole document: the routes' operations with the errors their
/// extractors can answer, the bearer scheme, the shared error body.
pub fn document() -> OpenApi {
    let (_, mut doc) = crate::api_routes();
    doc.info = InfoBuilder::new()
        .title("Jinguo Ledger (巾帼台账) API")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "Sync, listing, accounts and reports of Jinguo Ledger. Every error answers \
             `{\"error\":{\"code\",\"message\",\"message_zh\"}}`; `code` is stable.",
        ))
        .build();
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        BEARER,
        SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
    );
    let mut schemas = vec![(
        shared::api::ErrorBody::name().into_owned(),
        shared::api::ErrorBody::schema(),
    )];
    shared::api::ErrorBody::schemas(&mut schemas);
    components.schemas.extend(schemas);
    components
        .schemas
        .insert("BinaryFile".into(), binary_file_schema());
    if let Some(push) = doc
        .paths
        .paths
        .get_mut(PUSH_PATH)
        .and_then(|item| item.post.as_mut())
    {
        set_body_example(push, push_example());
    }
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.post,
            &mut item.patch,
            &mut item.put,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            add_extractor_errors(op);
        }
    }
    doc
}

/// The device the push example names. A client that signs in on it (the
/// fuzzer, `tests/fuzz/run.sh`, reads it from here) can send the example as
/// it stands: one new, valid entry of 河湾社区妇联.
pub const EXAMPLE_DEVICE: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_6578_616d_0001);

fn push_example() -> serde_json::Value {
    let request = PushRequest {
        device_id: EXAMPLE_DEVICE,
        changes: vec![Change {
            seq: 1,
            op: ChangeOp::Create {
                entry: sample_entry(0),
            },
            catalogue_version: None,
        }],
    };
    serde_json::to_value(request).unwrap_or_default()
}

fn set_body_example(op: &mut Operation, example: serde_json::Value) {
    if let Some(content) = op
        .request_body
        .as_mut()
        .and_then(|body| body.content.get_mut("application/json"))
    {
        content.example = Some(example);
    }
}

/// A downloaded file (CSV aside): bytes of the media type the response names.
pub struct BinaryFile;

fn binary_file_schema() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
        .into()
}

impl PartialSchema for BinaryFile {
    fn schema() -> RefOr<Schema> {
        binary_file_schema()
    }
}

impl ToSchema for BinaryFile {}

/// The errors an operation answers because of what it takes.
fn add_extractor_errors(op: &mut Operation) {
    let signed_in = op.security.as_ref().is_some_and(|reqs| {
        reqs.iter().any(|r| {
            serde_json::to_value(r).is_ok_and(|v| v.as_object().is_some_and(|o| !o.is_empty()))
        })
    });
    let params = op.parameters.clone().unwrap_or_default();
    let in_query = params.iter().any(|p| p.parameter_in == ParameterIn::Query);
    let in_path = params.iter().any(|p| p.parameter_in == ParameterIn::Path);
    if signed_in {
        add_error(
            op,
            401,
            "unauthenticated (no or unknown token), session_expired, device_revoked",
        );
    }
    if op.request_body.is_some() {
        add_error(op, 400, "invalid_json (not JSON), unreadable_body");
        add_error(op, 413, "body_too_large");
        add_error(op, 415, "unsupported_media_type (not application/json)");
        add_error(
            op,
            422,
            "invalid_body (JSON of the wrong shape; names the path)",
        );
    }
    if in_query {
        add_error(op, 400, "invalid_query");
    }
    if in_path {
        add_error(op, 404, "not_found (no such id, or not a UUID)");
    }
    // Answered by the connection's limits, before any route.
    add_error(op, 414, "the request's URI is too long");
    add_error(op, 431, "the request's headers are too large");
    add_error(op, 500, "internal (details only in the server's log)");
    add_error(
        op,
        503,
        "busy (the database is busy; retry after Retry-After)",
    );
}

/// Adds `codes` to the error answer of `status`, making it if need be.
fn add_error(op: &mut Operation, status: u16, codes: &str) {
    let key = status.to_string();
    match op.responses.responses.get_mut(&key) {
        Some(RefOr::T(existing)) => {
            if !existing.description.contains(codes) {
                existing.description = format!("{}; {codes}", existing.description);
            }
        }
        Some(RefOr::Ref(_)) => {}
        None => {
            op.responses
                .responses
                .insert(key, RefOr::T(error_response(status, codes)));
        }
    }
}

/// An error answer: the shared error body, with the headers its status carries.
pub fn error_response(status: u16, codes: &str) -> Response {
    let mut response = ResponseBuilder::new().description(codes).content(
        "application/json",
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("ErrorBody")))
            .build(),
    );
    let seconds = || {
        HeaderBuilder::new()
            .schema(ObjectBuilder::new().schema_type(Type::Integer))
            .description(Some("Seconds to wait before trying again."))
            .build()
    };
    match status {
        401 => {
            response = response.header(
                "WWW-Authenticate",
                HeaderBuilder::new()
                    .schema(ObjectBuilder::new().schema_type(Type::String))
                    .description(Some("`Bearer`"))
                    .build(),
            );
        }
        423 | 429 | 503 => response = response.header("Retry-After", seconds()),
        _ => {}
    }
    response.build()
}
