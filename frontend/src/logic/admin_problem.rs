//! Why an admin action was not done, as one value: found by `shared`'s rules
//! before sending (the organisation tree, a credential), or said by the
//! server.

use crate::platform::api::ApiError;
use shared::account::CredentialError;
use shared::org::TreeError;

/// Why an admin action was not done: found by `shared`'s rules before
/// sending, or said by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Api(ApiError),
    Tree(TreeError),
    Credential(CredentialError),
    /// No organisation was chosen.
    NoOrg,
}

impl From<ApiError> for Problem {
    fn from(e: ApiError) -> Self {
        Problem::Api(e)
    }
}

impl From<TreeError> for Problem {
    fn from(e: TreeError) -> Self {
        Problem::Tree(e)
    }
}

impl From<CredentialError> for Problem {
    fn from(e: CredentialError) -> Self {
        Problem::Credential(e)
    }
}
