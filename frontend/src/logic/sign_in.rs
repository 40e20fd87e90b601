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

/// A short description of this device from the browser's user agent, for the
/// admin's device list: "Android Chrome", "iPhone WeChat", "Windows Edge".
pub fn device_label(ua: &str) -> String {
    let has = |s: &str| ua.contains(s);
    let os = if has("HarmonyOS") || has("OpenHarmony") {
        "HarmonyOS"
    } else if has("Android") {
        "Android"
    } else if has("iPhone") {
        "iPhone"
    } else if has("iPad") {
        "iPad"
    } else if has("Windows") {
        "Windows"
    } else if has("Mac OS") || has("Macintosh") {
        "Mac"
    } else if has("Linux") {
        "Linux"
    } else {
        ""
    };
    let browser = if has("MicroMessenger") {
        "WeChat"
    } else if has("HuaweiBrowser") {
        "Huawei Browser"
    } else if has("MiuiBrowser") || has("XiaoMi") {
        "Mi Browser"
    } else if has("UCBrowser") {
        "UC"
    } else if has("QQBrowser") {
        "QQ Browser"
    } else if has("SamsungBrowser") {
        "Samsung Internet"
    } else if has("Edg") {
        "Edge"
    } else if has("Firefox") || has("FxiOS") {
        "Firefox"
    } else if has("Chrome") || has("CriOS") {
        "Chrome"
    } else if has("Safari") {
        "Safari"
    } else {
        ""
    };
    let label = format!("{os} {browser}");
    let label = label.trim();
    if label.is_empty() {
        "Browser".into()
    } else {
        label.into()
    }
}

#[cfg(test)]
mod tests {
    use super::{check_typed, device_label, LoginError};

    #[test]
    fn device_labels() {
        let cases = [
            ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36", "Android Chrome"),
            ("Mozilla/5.0 (Linux; Android 12; V2055A) AppleWebKit/537.36 Chrome/86 Mobile Safari/537.36 MicroMessenger/8.0.40", "Android WeChat"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1", "iPhone Safari"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120 Safari/537.36 Edg/120", "Windows Edge"),
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140 Safari/537.36", "Linux Chrome"),
            ("", "Browser"),
        ];
        for (ua, want) in cases {
            assert_eq!(device_label(ua), want, "{ua}");
        }
    }

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
