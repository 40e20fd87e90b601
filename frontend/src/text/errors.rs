//! Every error the app can meet, as a sentence for the cadre in the current
//! language: the one place that decides what a failure is called. Entry rules
//! speak through `shared::validate::ValidationError::message`.

use crate::logic::form::FieldError;
use crate::logic::sign_in::LoginError;
use crate::logic::sync_outcome::SyncError;
use crate::platform::api::{ApiError, AuthProblem, Transient};
use crate::text::i18n::Lang;
use shared::account::CredentialError;
use shared::api::ErrorDetail;
use shared::catalogue::Catalogue;
use shared::device::{AddError, KvError, StoreError};
use shared::org::TreeError;
use shared::sync::protocol::RejectReason;

/// A problem with one form field, shown beside it (counts named as `kind`
/// names them in `catalogue`).
pub fn field_error(e: &FieldError, lang: Lang, catalogue: &Catalogue, kind: &str) -> String {
    let count_label = |key: &str| {
        catalogue
            .kind(kind)
            .and_then(|k| k.count(key))
            .map_or_else(|| key.to_owned(), |c| c.label(lang).to_owned())
    };
    match e {
        FieldError::Rule(rule) => rule.message(lang, catalogue, kind),
        FieldError::NotANumber(key) => match lang {
            Lang::Zh => format!("{}请填写整数，例如 80", count_label(key)),
            Lang::En => format!("{} must be a whole number, e.g. 80", count_label(key)),
        },
        FieldError::NotMoney(key) => match lang {
            Lang::Zh => format!("{}请填写金额（元），例如 15000 或 1.5万", count_label(key)),
            Lang::En => format!(
                "{} must be an amount in yuan, e.g. 15000 or 1.5万",
                count_label(key)
            ),
        },
        FieldError::Org(denied) => denied.message(lang).into(),
    }
}

/// The server's own message in `lang`, if it sent one.
fn server_said(detail: Option<&ErrorDetail>, lang: Lang) -> Option<&str> {
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
        LoginError::Username(c) => c.message(lang).into(),
        LoginError::NoPassword => pick("请输入密码", "Please enter the password"),
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

/// Why the device's storage failed.
pub fn store_error(e: &StoreError, lang: Lang) -> String {
    match e {
        StoreError::Kv(KvError::Full) => lang
            .pick(
                "手机存储空间已满。已保存的记录都完好无损；请尽快同步，并清理手机空间。",
                "This phone's storage is full. Everything saved before is intact; please sync soon and free some space.",
            )
            .into(),
        StoreError::Kv(KvError::Unavailable(_)) => lang
            .pick(
                "这个浏览器不能在本机保存记录（可能是无痕模式，或存储被禁用）。请用普通窗口或手机自带浏览器打开。",
                "This browser cannot keep records on the phone (private mode, or storage is disabled). Please open the app in a normal window or the phone's own browser.",
            )
            .into(),
        StoreError::NewerSchema { .. } => lang
            .pick(
                "本机数据来自更新版本的应用，请连网后刷新页面。",
                "The data on this phone comes from a newer version of the app; please reload the page when online.",
            )
            .into(),
        StoreError::Unreadable { .. } => lang
            .pick(
                "本机的设备记录无法读取，已原样保留，请联系管理员。",
                "This phone's device record cannot be read; it was left as it is. Please contact your administrator.",
            )
            .into(),
        StoreError::OutboxDamaged { seq } => match lang {
            Lang::Zh => format!("待发送的第 {seq} 条改动缺失，请联系管理员。"),
            Lang::En => format!("Change {seq} waiting to be sent is missing; please contact your administrator."),
        },
    }
}

/// Why saving the form failed. The form keeps what was typed in every case.
pub fn add_error(e: &AddError, lang: Lang) -> String {
    match e {
        AddError::Invalid(_) => {
            crate::text::i18n::t(lang, crate::text::i18n::Text::CheckFields).into()
        }
        AddError::DuplicateId => lang
            .pick("这条记录已经保存过了。", "This entry was already saved.")
            .into(),
        AddError::NotFound => lang
            .pick(
                "这条记录已不在本机。",
                "This entry is no longer on this phone.",
            )
            .into(),
        AddError::Store(store) => {
            format!(
                "{}{}",
                lang.pick("本条未保存。", "Not saved. "),
                store_error(store, lang)
            )
        }
    }
}

/// Why the last sync failed, and what happens next.
pub fn sync_error(e: &SyncError, lang: Lang) -> String {
    match e {
        SyncError::Api(ApiError::Transient(Transient::Network)) => lang
            .pick("网络不可用，稍后自动重试", "No network; will retry automatically")
            .into(),
        SyncError::Api(ApiError::Transient(Transient::Server(status))) => match lang {
            Lang::Zh => format!("服务器暂时无法处理（{status}），稍后自动重试"),
            Lang::En => format!("The server cannot answer right now ({status}); will retry automatically"),
        },
        SyncError::Api(ApiError::Transient(Transient::Unreadable)) => lang
            .pick(
                "收到的回复无法识别（无线网络可能需要先登录），稍后自动重试",
                "The answer could not be read (the Wi-Fi may need a login); will retry automatically",
            )
            .into(),
        SyncError::Api(api @ ApiError::Permanent { .. }) if api.auth_problem().is_some() => {
            match api.auth_problem() {
                Some(AuthProblem::DeviceRevoked) => lang
                    .pick("此手机已被停用，同步已暂停", "This phone is revoked; syncing is paused")
                    .into(),
                _ => lang
                    .pick("需要重新登录，同步已暂停", "Sign in again to resume syncing")
                    .into(),
            }
        }
        SyncError::Api(ApiError::Permanent { status, detail }) => {
            let said = server_said(detail.as_ref(), lang);
            match (lang, said) {
                (Lang::Zh, Some(said)) => format!("服务器拒绝了同步：{said}"),
                (Lang::En, Some(said)) => format!("The server refused the sync: {said}"),
                (Lang::Zh, None) => format!("服务器拒绝了同步（{status}），请联系管理员"),
                (Lang::En, None) => {
                    format!("The server refused the sync ({status}); please contact your administrator")
                }
            }
        }
        SyncError::Store(store) => store_error(store, lang),
        SyncError::ServerExpects(seq) => match lang {
            Lang::Zh => format!("服务器缺少本机第 {seq} 条改动，请联系管理员"),
            Lang::En => format!("The server is missing change {seq} of this phone; please contact your administrator"),
        },
        SyncError::NoProgress => lang
            .pick(
                "服务器没有接收任何记录，请稍后再试或联系管理员",
                "The server took none of the entries; try again later or contact your administrator",
            )
            .into(),
        SyncError::SignedOut => lang
            .pick("请先登录", "Please sign in first")
            .into(),
    }
}

/// Why the server refused a change of an entry of `kind` for good.
pub fn reject_reason(
    reason: &RejectReason,
    lang: Lang,
    catalogue: &Catalogue,
    kind: &str,
) -> String {
    match reason {
        RejectReason::Invalid { errors } => errors
            .iter()
            .map(|e| e.message(lang, catalogue, kind))
            .collect::<Vec<_>>()
            .join(lang.pick("；", "; ")),
        RejectReason::IdTaken => lang
            .pick(
                "服务器上已有编号相同的另一条记录",
                "Another entry with this id is already on the server",
            )
            .into(),
        RejectReason::NotPermitted { denied } => denied.message(lang).into(),
        RejectReason::NotFound => lang
            .pick(
                "服务器上没有这条记录，修改未能保存",
                "The server does not hold this entry, so the edit was not stored",
            )
            .into(),
        RejectReason::NoSuchConflict => lang
            .pick(
                "服务器上没有这个冲突，无需处理",
                "The server holds no such conflict; nothing to settle",
            )
            .into(),
    }
}

/// Entry records found on the phone that cannot be read (kept untouched).
/// The phone's storage is filling up.
pub fn storage_use(used_units: usize, budget_units: usize, lang: Lang) -> String {
    let percent = used_units * 100 / budget_units.max(1);
    match lang {
        Lang::Zh => format!(
            "本机存储已用 {percent}%。请联网同步；已同步的记录可在退出登录时从本机清理。"
        ),
        Lang::En => format!(
            "The app has used {percent}% of this phone's storage for it. Sync soon; synced entries can be cleared from the phone by signing out."
        ),
    }
}

/// Entries have waited on the phone for days.
pub fn waiting_too_long(days: i64, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "有记录已在本机等待 {days} 天未同步。浏览器可能清除长期未访问网站的数据，请尽快联网同步。"
        ),
        Lang::En => format!(
            "Some entries have waited {days} days on this phone without syncing. Browsers may delete data of sites not visited for a while: please sync soon."
        ),
    }
}

pub fn unreadable_records(count: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("有 {count} 条记录无法读取，已原样保留在本机，请联系管理员。"),
        Lang::En => format!(
            "{count} records cannot be read; they are kept untouched on this phone. Please contact your administrator."
        ),
    }
}

/// What to say when the browser refuses a download.
pub fn download_refused(lang: Lang) -> &'static str {
    lang.pick(
        "浏览器不允许下载文件。",
        "The browser refused the download.",
    )
}

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

/// The sentence for a [`Problem`].
pub fn problem(p: &Problem, lang: Lang) -> String {
    match p {
        Problem::Api(e) => api_error(e, lang),
        Problem::Tree(e) => e.message(lang),
        Problem::Credential(e) => e.message(lang).into(),
        Problem::NoOrg => lang
            .pick("请选择组织", "Please choose an organisation")
            .into(),
    }
}
