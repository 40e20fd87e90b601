//! Every error the app can meet, as a sentence for the cadre in the current
//! language: the one place that decides what a failure is called. Entry rules
//! speak through `shared::validate::ValidationError::message`.

use crate::api::{ApiError, Transient};
use crate::form::FieldError;
use crate::i18n::Lang;
use crate::sync::SyncError;
use shared::device::{AddError, KvError, StoreError};
use shared::sync::protocol::RejectReason;

/// A problem with one form field, shown beside it.
pub fn field_error(e: &FieldError, lang: Lang) -> String {
    match e {
        FieldError::Rule(rule) => rule.message(lang),
        FieldError::NotANumber(field) => match lang {
            Lang::Zh => format!("{}请填写整数，例如 80", field.label(lang)),
            Lang::En => format!("{} must be a whole number, e.g. 80", field.label(lang)),
        },
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
        AddError::Invalid(_) => crate::i18n::t(lang, crate::i18n::Text::CheckFields).into(),
        AddError::DuplicateId => lang
            .pick("这条记录已经保存过了。", "This entry was already saved.")
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
        SyncError::Api(ApiError::Permanent { status, detail }) => {
            let said = detail.as_ref().map(|d| match lang {
                Lang::Zh if !d.message_zh.is_empty() => d.message_zh.as_str(),
                _ => d.message.as_str(),
            });
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
    }
}

/// Why the server refused an entry for good.
pub fn reject_reason(reason: &RejectReason, lang: Lang) -> String {
    match reason {
        RejectReason::Invalid { errors } => errors
            .iter()
            .map(|e| e.message(lang))
            .collect::<Vec<_>>()
            .join(lang.pick("；", "; ")),
        RejectReason::IdTaken => lang
            .pick(
                "服务器上已有编号相同的另一条记录",
                "Another entry with this id is already on the server",
            )
            .into(),
    }
}

/// Entry records found on the phone that cannot be read (kept untouched).
pub fn unreadable_records(count: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("有 {count} 条记录无法读取，已原样保留在本机，请联系管理员。"),
        Lang::En => format!(
            "{count} records cannot be read; they are kept untouched on this phone. Please contact your administrator."
        ),
    }
}
