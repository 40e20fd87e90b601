//! Signing in, the plain part: what can go wrong, checking what was typed
//! before anything is sent, and the device's label for the admin's list.
//! The flow itself (store, server, session) is `state::session`'s.

use crate::platform::api::ApiError;
use shared::account::{normalise_username, CredentialError};
use shared::device::StoreError;

/// Why signing in did not work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginError {
    Username(CredentialError),
    NoPassword,
    /// The new password and its repetition differ.
    NewPasswordsDiffer,
    /// The new password breaks a rule (length).
    NewPassword(CredentialError),
    /// The account's store on this phone cannot be opened.
    Store(StoreError),
    Api(ApiError),
}

/// The account's normalised username, if what was typed may be sent at all:
/// a valid username and a password that is not empty.
pub fn check_typed(raw_username: &str, password: &str) -> Result<String, LoginError> {
    let username = normalise_username(raw_username).map_err(LoginError::Username)?;
    if password.is_empty() {
        return Err(LoginError::NoPassword);
    }
    Ok(username)
}

/// The new password, if typed the same twice and acceptable (the server
/// checks again, and that it differs from the old one).
pub fn check_new(new: &str, again: &str) -> Result<String, LoginError> {
    if new != again {
        return Err(LoginError::NewPasswordsDiffer);
    }
    shared::account::check_password(new).map_err(LoginError::NewPassword)?;
    Ok(new.to_owned())
}

/// This device's model from the browser's user agent, for the admin's
/// device list: "Android · Chrome 120", "iPhone · Safari 17", "微信".
pub fn device_label(ua: &str) -> String {
    shared::user_agent::device_model(ua)
}

#[cfg(test)]
mod tests {
    use super::{check_typed, LoginError};

    #[test]
    fn typed_sign_in_is_checked_before_sending() {
        assert_eq!(
            check_typed("  Wang_Li ", "secret").as_deref(),
            Ok("wang_li")
        );
        assert_eq!(check_typed("wang_li", ""), Err(LoginError::NoPassword));
        assert!(matches!(
            check_typed("", "secret"),
            Err(LoginError::Username(_))
        ));
    }
}
