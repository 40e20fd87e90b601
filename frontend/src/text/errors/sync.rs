//! What a sync's failures are called: why the last run stopped, and why the
//! server refused a change for good.

use super::device::store_error;
use super::server::server_said;
use crate::logic::sync_outcome::SyncError;
use crate::platform::api::{ApiError, AuthProblem, Transient};
use crate::text::i18n::Lang;
use shared::catalogue::Catalogue;
use shared::sync::protocol::RejectReason;

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
        RejectReason::Unknown => lang
            .pick(
                "服务器拒收了这条记录，原因本版应用无法显示，请更新应用后查看",
                "The server refused this entry for a reason this version of the app cannot show; update the app to see why",
            )
            .into(),
    }
}
