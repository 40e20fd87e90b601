//! Why a request is not let in. The codes are stable: the app decides on them
//! (401 `session_expired` → ask to sign in again and keep the outbox;
//! `device_revoked` → tell the person to see the admin; …).

use axum::http::StatusCode;
use shared::Lang;

/// Refusals of sign-in and of signed-in requests.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No token, or one that names no live session.
    #[error("unauthenticated")]
    Unauthenticated,
    #[error("session expired")]
    SessionExpired,
    /// The session's device was revoked (401: the token is no good any more).
    #[error("device revoked")]
    DeviceRevoked,
    /// Signing in on a revoked device (403: the password was right, the device is not).
    #[error("device revoked (sign-in)")]
    DeviceRevokedAtLogin,
    /// Signed in, but the role or scope does not allow it.
    #[error("forbidden")]
    Forbidden,
    /// A push naming another device than the session's.
    #[error("wrong device")]
    WrongDevice,
    /// Unknown username or wrong password (deliberately the same).
    #[error("bad credentials")]
    BadCredentials,
    #[error("account locked for {retry_after_secs} s")]
    AccountLocked { retry_after_secs: u64 },
    #[error("too many failed sign-ins from this address; retry in {retry_after_secs} s")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("account disabled")]
    AccountDisabled,
    /// The device id is registered to another account.
    #[error("device registered to another account")]
    DeviceTaken,
    /// The password was right, but an admin made it (a one-time password):
    /// sign in through `FIRST_PASSWORD_PATH` with a new one.
    #[error("the one-time password must be replaced")]
    PasswordChangeRequired,
    /// Changing the password while signed in, the current one typed wrong
    /// (403, not 401: the session is fine).
    #[error("wrong current password")]
    WrongPassword,
}

impl AuthError {
    pub fn status(&self) -> StatusCode {
        match self {
            AuthError::Unauthenticated
            | AuthError::SessionExpired
            | AuthError::DeviceRevoked
            | AuthError::BadCredentials => StatusCode::UNAUTHORIZED,
            AuthError::DeviceRevokedAtLogin
            | AuthError::Forbidden
            | AuthError::WrongDevice
            | AuthError::AccountDisabled
            | AuthError::PasswordChangeRequired
            | AuthError::WrongPassword => StatusCode::FORBIDDEN,
            AuthError::DeviceTaken => StatusCode::CONFLICT,
            AuthError::AccountLocked { .. } => StatusCode::LOCKED,
            AuthError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AuthError::Unauthenticated => "unauthenticated",
            AuthError::SessionExpired => "session_expired",
            AuthError::DeviceRevoked | AuthError::DeviceRevokedAtLogin => "device_revoked",
            AuthError::Forbidden => "forbidden",
            AuthError::WrongDevice => "wrong_device",
            AuthError::BadCredentials => "bad_credentials",
            AuthError::AccountLocked { .. } => "account_locked",
            AuthError::TooManyAttempts { .. } => "too_many_attempts",
            AuthError::AccountDisabled => "account_disabled",
            AuthError::DeviceTaken => "device_taken",
            AuthError::PasswordChangeRequired => "password_change_required",
            AuthError::WrongPassword => "wrong_password",
        }
    }

    /// Seconds for `Retry-After`, where waiting is the remedy.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            AuthError::AccountLocked { retry_after_secs }
            | AuthError::TooManyAttempts { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }

    /// A sentence for the person at the phone.
    pub fn message(&self, lang: Lang) -> String {
        let minutes = self.retry_after_secs().map_or(1, |s| s.div_ceil(60).max(1));
        match (self, lang) {
            (AuthError::Unauthenticated, _) => lang.pick("请先登录", "Please sign in.").into(),
            (AuthError::SessionExpired, _) => lang
                .pick(
                    "登录已过期，请重新登录。尚未同步的记录仍保存在本机，登录后会自动同步。",
                    "Your session has expired; please sign in again. Entries not yet sent \
                     stay on this device and will sync after you sign in.",
                )
                .into(),
            (AuthError::DeviceRevoked | AuthError::DeviceRevokedAtLogin, _) => lang
                .pick(
                    "此设备已被管理员停用。尚未同步的记录仍保存在本机，请联系管理员恢复此设备。",
                    "This device has been revoked by an administrator. Entries not yet sent \
                     stay on this device; ask your administrator to restore it.",
                )
                .into(),
            (AuthError::Forbidden, _) => lang
                .pick("您的账号无权进行此操作", "Your account may not do this.")
                .into(),
            (AuthError::WrongDevice, _) => lang
                .pick(
                    "本次登录属于另一台设备，请重新登录",
                    "This session belongs to another device; please sign in again.",
                )
                .into(),
            (AuthError::BadCredentials, _) => lang
                .pick("用户名或密码错误", "Wrong username or password.")
                .into(),
            (AuthError::AccountLocked { .. }, Lang::Zh) => {
                format!("密码错误次数过多，账号已暂时锁定，请{minutes}分钟后再试")
            }
            (AuthError::AccountLocked { .. }, Lang::En) => format!(
                "Too many wrong passwords: this account is locked. Try again in {minutes} minute{}.",
                plural(minutes)
            ),
            (AuthError::TooManyAttempts { .. }, Lang::Zh) => {
                format!("该网络地址登录失败次数过多，请{minutes}分钟后再试")
            }
            (AuthError::TooManyAttempts { .. }, Lang::En) => format!(
                "Too many failed sign-ins from this address. Try again in {minutes} minute{}.",
                plural(minutes)
            ),
            (AuthError::AccountDisabled, _) => lang
                .pick(
                    "该账号已停用，请联系管理员",
                    "This account is disabled; contact your administrator.",
                )
                .into(),
            (AuthError::DeviceTaken, _) => lang
                .pick(
                    "此设备已登记给另一个账号",
                    "This device is registered to another account.",
                )
                .into(),
            (AuthError::WrongPassword, _) => lang
                .pick("当前密码不正确", "The current password is wrong.")
                .into(),
            (AuthError::PasswordChangeRequired, _) => lang
                .pick(
                    "这是管理员发给您的一次性密码，请设置自己的新密码后登录",
                    "This is the one-time password from your administrator: set your own \
                     password to sign in.",
                )
                .into(),
        }
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
