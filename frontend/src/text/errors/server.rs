//! What the server's refusals and the network's failures are called: the
//! session or device banner, signing in, and any call of an admin or
//! listing screen.

use super::device::store_error;
use crate::logic::sign_in::LoginError;
use crate::platform::api::{ApiError, AuthProblem, Transient};
use crate::text::i18n::Lang;
use shared::api::ErrorDetail;

/// The server's own message in `lang`, if it sent one.
pub(super) fn server_said(detail: Option<&ErrorDetail>, lang: Lang) -> Option<&str> {
    detail
        .map(|d| match lang {
            Lang::Zh if !d.message_zh.is_empty() => d.message_zh.as_str(),
            _ => d.message.as_str(),
        })
        .filter(|m| !m.is_empty())
}

/// What the server said about a session or a device, for the banner.
/// `pending`: changes of this account still waiting on the phone.
pub fn auth_problem(p: AuthProblem, pending: u64, lang: Lang) -> String {
    match (p, lang) {
        (AuthProblem::SignInAgain, Lang::Zh) => {
            "登录已过期，请重新登录。本机记录都在，登录后自动同步。".into()
        }
        (AuthProblem::SignInAgain, Lang::En) => {
            "Your session has expired; please sign in again. Every entry is still on this phone and syncs once you are signed in.".into()
        }
        (AuthProblem::DeviceRevoked, Lang::Zh) if pending == 0 => {
            "此手机已被管理员停用，暂时无法同步。本机没有未同步的记录。请联系街道妇联管理员恢复此设备。".into()
        }
        (AuthProblem::DeviceRevoked, Lang::En) if pending == 0 => {
            "An administrator has revoked this phone, so it cannot sync for now. Nothing on this phone is waiting to be sent. Please ask the subdistrict federation's administrator to restore this device.".into()
        }
        (AuthProblem::DeviceRevoked, Lang::Zh) => format!(
            "此手机已被管理员停用，暂时无法同步。本机未同步的 {pending} 条记录仍然保存在本机，请联系街道妇联管理员恢复此设备。"
        ),
        (AuthProblem::DeviceRevoked, Lang::En) => format!(
            "An administrator has revoked this phone, so it cannot sync for now. The {pending} unsynced entries stay on this phone; please ask the subdistrict federation's administrator to restore this device."
        ),
    }
}

/// Why signing in did not work.
pub fn login_error(e: &LoginError, lang: Lang) -> String {
    let pick = |zh: &'static str, en: &'static str| lang.pick(zh, en).to_owned();
    match e {
        LoginError::Username(c) | LoginError::NewPassword(c) => c.message(lang).into(),
        LoginError::NoPassword => pick("请输入密码", "Please enter the password"),
        LoginError::NewPasswordsDiffer => {
            pick("两次输入的新密码不一致", "The two new passwords differ")
        }
        LoginError::Store(store) => store_error(store, lang),
        LoginError::Api(ApiError::Transient(Transient::Network)) => pick(
            "网络不可用。登录需要联网，请联网后再试。",
            "No network. Signing in needs the network; please try again when online.",
        ),
        LoginError::Api(api @ ApiError::Transient(_)) => api_error(api, lang),
        LoginError::Api(api @ ApiError::Permanent { status, detail }) => {
            let said = server_said(detail.as_ref(), lang);
            match (api.code(), said) {
                (Some("bad_credentials"), _) => {
                    pick("用户名或密码不正确", "Wrong username or password")
                }
                (Some("account_locked" | "too_many_attempts" | "invalid_body"), Some(said)) => {
                    said.to_owned()
                }
                (Some("account_locked"), None) => pick(
                    "登录失败次数过多，账号已暂时锁定，请稍后再试",
                    "Too many failed sign-ins: the account is locked for a while; please try later",
                ),
                (Some("too_many_attempts"), None) => pick(
                    "尝试次数过多，请稍后再试",
                    "Too many attempts; please try again later",
                ),
                (Some("account_disabled"), _) => pick(
                    "此账号已停用，请联系管理员",
                    "This account is disabled; please contact your administrator",
                ),
                (Some("device_revoked"), _) => pick(
                    "此手机已被管理员停用",
                    "An administrator has revoked this phone",
                ),
                (Some("password_change_required"), _) => pick(
                    "这是管理员给您的一次性密码。请设置您自己的新密码，以后用新密码登录。",
                    "This is a one-time password from your administrator. Set your own password; sign in with it from now on.",
                ),
                (Some("wrong_password"), _) => {
                    pick("当前密码不正确", "The current password is wrong")
                }
                (Some("device_taken"), _) => pick(
                    "此手机的设备编号已登记在其他账号下，请联系管理员",
                    "This phone's device id is registered to another account; please contact your administrator",
                ),
                (_, Some(said)) => said.to_owned(),
                (_, None) => match lang {
                    Lang::Zh => format!("登录失败（{status}）"),
                    Lang::En => format!("Signing in failed ({status})"),
                },
            }
        }
    }
}

/// Why a call of an admin or listing screen failed.
pub fn api_error(e: &ApiError, lang: Lang) -> String {
    match e {
        ApiError::Transient(Transient::Network) => lang
            .pick(
                "网络不可用，请联网后再试",
                "No network; please try again when online",
            )
            .into(),
        ApiError::Transient(Transient::Server(status)) => match lang {
            Lang::Zh => format!("服务器暂时无法处理（{status}），请稍后再试"),
            Lang::En => format!("The server cannot answer right now ({status}); please try later"),
        },
        ApiError::Transient(Transient::Unreadable) => lang
            .pick(
                "收到的回复无法识别（无线网络可能需要先登录）",
                "The answer could not be read (the Wi-Fi may need a login)",
            )
            .into(),
        ApiError::Permanent { status, detail } => {
            match e.auth_problem() {
                Some(AuthProblem::SignInAgain) => {
                    return lang
                        .pick(
                            "登录已过期，请重新登录",
                            "Your session has expired; please sign in again",
                        )
                        .into()
                }
                Some(AuthProblem::DeviceRevoked) => {
                    return lang
                        .pick(
                            "此手机已被管理员停用",
                            "An administrator has revoked this phone",
                        )
                        .into()
                }
                None => {}
            }
            if e.code() == Some("forbidden") {
                return lang
                    .pick("您的账号无权进行此操作", "Your account may not do this")
                    .into();
            }
            match (server_said(detail.as_ref(), lang), lang) {
                (Some(said), _) => said.to_owned(),
                (None, Lang::Zh) => format!("服务器拒绝了请求（{status}）"),
                (None, Lang::En) => format!("The server refused the request ({status})"),
            }
        }
    }
}
