//! The API's handlers, one resource per file. Handlers are thin: extract,
//! check with `shared`, call `db`, answer. Named `verb_noun`.

pub mod audit;
pub mod auth;
pub mod catalogue;
pub mod devices;
pub mod entries;
pub mod health;
pub mod import;
pub mod orgs;
pub mod photos;
pub mod pull;
pub mod push;
pub mod report;
pub mod setup;
pub mod users;

use crate::error::AppError;

/// Any path under `/api` that no route matches.
pub async fn api_not_found() -> AppError {
    AppError::NotFound
}

/// A known API path with a method it does not take (axum adds `Allow`).
pub async fn api_method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}
