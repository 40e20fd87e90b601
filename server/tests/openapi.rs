//! The OpenAPI document as a contract: served without sign-in, every
//! operation it lists answered by the router (and no other method on its
//! path), the errors each operation's extractors give listed, and `shared`'s
//! serde attributes reflected in the schemas.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::TestApp;
use serde_json::Value;
use shared::api::OPENAPI_PATH;

const METHODS: [&str; 5] = ["get", "post", "patch", "put", "delete"];

async fn document(app: &TestApp) -> Value {
    let reply = app.get(OPENAPI_PATH).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.header(header::CACHE_CONTROL), "no-store");
    assert!(reply
        .header(header::CONTENT_TYPE)
        .starts_with("application/json"));
    reply.json()
}

/// Every (path, method) of the document.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for m in METHODS {
            if let Some(op) = item.get(m) {
                ops.push((path.clone(), m.to_owned(), op.clone()));
            }
        }
    }
    ops
}

/// A path of the document with its `{id}` filled in.
fn concrete(path: &str) -> String {
    path.replace("{id}", "0190c1d2-0000-7000-8000-000000000001")
}

async fn call(app: &TestApp, method: &str, path: &str) -> common::Reply {
    let req = Request::builder()
        .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
        .uri(concrete(path))
        .body(Body::empty())
        .unwrap();
    app.send(req).await
}

#[tokio::test]
async fn the_document_is_openapi_3_1_with_a_bearer_scheme() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    assert_eq!(doc["openapi"], "3.1.0");
    let bearer = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!(bearer["type"], "http");
    assert_eq!(bearer["scheme"], "bearer");
    // The document describes itself too.
    assert!(doc["paths"][OPENAPI_PATH]["get"].is_object());
}

/// Each documented operation reaches a handler: signed-in ones answer 401
/// without a token (an unknown API path would be 404, a method the path
/// does not take 405), the open ones answer anything but those.
#[tokio::test]
async fn every_documented_operation_is_routed() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    let ops = operations(&doc);
    assert!(ops.len() >= 22, "{} operations", ops.len());
    for (path, method, op) in ops {
        let reply = call(&app, &method, &path).await;
        if op.get("security").is_some() {
            assert_eq!(reply.status, 401, "{method} {path}: {}", reply.text());
        } else {
            assert!(
                reply.status != 404 && reply.status != 405,
                "{method} {path}: {}",
                reply.status
            );
        }
    }
}

/// A method the router takes on a documented path is documented: every other
/// method answers 405 (so a handler added beside a documented one, on the
/// same path, cannot hide).
#[tokio::test]
async fn no_undocumented_method_on_a_documented_path() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for m in METHODS.into_iter().filter(|m| item.get(*m).is_none()) {
            let reply = call(&app, m, path).await;
            assert_eq!(reply.status, 405, "{m} {path} is routed but not documented");
            assert_eq!(common::error_code(&reply), "method_not_allowed");
        }
    }
}

/// The router is built from the `routes!` lists only: a route added with a
/// plain `.route(…)` would be served but missing from the document.
#[test]
fn every_route_is_registered_with_its_documentation() {
    let lib = include_str!("../src/lib.rs");
    for bypass in [".route(", ".route_service(", ".nest(", ".nest_service("] {
        assert!(
            !lib.contains(bypass),
            "server/src/lib.rs registers a route with `{bypass}`: use `.routes(routes!(handler))` \
             so the route is in the OpenAPI document"
        );
    }
}

/// What each operation takes decides errors it lists.
#[tokio::test]
async fn every_operation_lists_the_errors_of_its_extractors() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    for (path, method, op) in operations(&doc) {
        let statuses: Vec<&str> = op["responses"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let needs = |status: &str, why: bool| {
            if why {
                assert!(statuses.contains(&status), "{method} {path} lacks {status}");
            }
        };
        let params = op["parameters"].as_array().cloned().unwrap_or_default();
        needs("401", op.get("security").is_some());
        for status in ["400", "413", "415", "422"] {
            needs(status, op.get("requestBody").is_some());
        }
        needs("400", params.iter().any(|p| p["in"] == "query"));
        needs("404", params.iter().any(|p| p["in"] == "path"));
        for status in ["414", "431", "500", "503"] {
            needs(status, true);
        }
        for (status, response) in op["responses"].as_object().unwrap() {
            if status.starts_with('4') || status.starts_with('5') {
                assert_eq!(
                    response["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ErrorBody",
                    "{method} {path} {status}"
                );
            }
        }
    }
    // Admin-only and scoped operations say so.
    let users = &doc["paths"]["/api/v1/users"]["post"]["responses"];
    assert!(users["403"].is_object() && users["409"].is_object());
    let login = &doc["paths"]["/api/v1/auth/login"]["post"]["responses"];
    for status in ["401", "403", "409", "423", "429"] {
        assert!(login[status].is_object(), "login lacks {status}");
    }
    assert!(
        doc["paths"]["/api/v1/auth/login"]["post"]
            .get("security")
            .is_none(),
        "signing in needs no token"
    );
}

/// `shared`'s serde attributes, as the schemas must say them.
#[tokio::test]
async fn schemas_follow_the_serde_attributes() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    let schemas = &doc["components"]["schemas"];
    let required = |name: &str| -> Vec<String> {
        schemas[name]["required"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: {}", schemas[name]))
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    // `#[serde(default, skip_serializing_if)]`: optional; the rest required.
    let entry = required("Entry");
    for field in ["id", "org_id", "kind", "title", "date", "level", "note"] {
        assert!(entry.contains(&field.to_owned()), "Entry.{field}");
    }
    for field in ["end_date", "partners", "counts", "person", "deleted"] {
        assert!(!entry.contains(&field.to_owned()), "Entry.{field}");
    }
    assert_eq!(
        schemas["Entry"]["properties"]["date"]["$ref"],
        "#/components/schemas/LocalDate"
    );
    assert_eq!(schemas["LocalDate"]["format"], "date");
    assert!(!required("ErrorDetail").contains(&"message_zh".to_owned()));
    // `rename_all = "snake_case"` on unit enums.
    assert_eq!(
        schemas["Level"]["enum"],
        serde_json::json!(["province", "city", "county", "subdistrict", "village"])
    );
    assert_eq!(
        schemas["UserInfo"]["properties"]["role"]["enum"],
        serde_json::json!(["admin", "cadre", "viewer"])
    );
    // Externally tagged `ChangeOp`: one object per variant, keyed by its name.
    let op = schemas["ChangeOp"]["oneOf"].to_string();
    for variant in ["\"create\"", "\"update\"", "\"resolve\""] {
        assert!(op.contains(variant), "ChangeOp lacks {variant}: {op}");
    }
    // Internally tagged `Outcome` (`status`) flattened into `Receipt`.
    let outcome = schemas["Outcome"].to_string();
    assert!(outcome.contains("\"status\"") && outcome.contains("\"applied\""));
    assert!(
        schemas["Receipt"]["allOf"].is_array(),
        "{}",
        schemas["Receipt"]
    );
    let reason = schemas["RejectReason"].to_string();
    for kind in [
        "invalid",
        "id_taken",
        "not_permitted",
        "not_found",
        "no_such_conflict",
    ] {
        assert!(
            reason.contains(&format!("\"{kind}\"")),
            "RejectReason lacks {kind}"
        );
    }
    // The report's query, from `ReportParams`.
    let params = doc["paths"]["/api/v1/reports"]["get"]["parameters"].to_string();
    for p in ["from", "to", "org", "lang"] {
        assert!(
            params.contains(&format!("\"name\":\"{p}\"")),
            "report lacks ?{p}"
        );
    }
}

/// The push's example is a push the server applies, from the device it names.
#[tokio::test]
async fn the_push_example_is_applied() {
    let app = TestApp::new().await;
    let doc = document(&app).await;
    let example = &doc["paths"]["/api/v1/sync/push"]["post"]["requestBody"]["content"]
        ["application/json"]["example"];
    assert_eq!(
        example["device_id"],
        server::openapi::EXAMPLE_DEVICE.to_string()
    );
    let session = app
        .login(common::ADMIN, server::openapi::EXAMPLE_DEVICE)
        .await;
    let reply = app
        .post_json_as(
            &session.token,
            "/api/v1/sync/push",
            common::body(example.clone()),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.json()["receipts"][0]["status"],
        "applied",
        "{}",
        reply.text()
    );
}
