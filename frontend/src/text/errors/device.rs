//! What the phone's own failures are called: its storage (full, missing,
//! newer, unreadable), saving the form, the storage warnings, a refused
//! download.

use crate::text::i18n::{t, Lang, Text};
use shared::device::{AddError, KvError, StoreError};

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
        AddError::Invalid(_) => t(lang, Text::CheckFields).into(),
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

/// Entry records found on the phone that cannot be read (kept untouched).
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
