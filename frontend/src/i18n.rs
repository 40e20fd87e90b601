//! The words of the user interface in both languages, and the choice of
//! language (Chinese by default, remembered on the phone under `jg:lang`).
//!
//! Messages about an entry's content come from `shared` (they are also sent by
//! the server); this table holds only the app's own words.

use crate::storage;
use leptos::prelude::{Get, ReadSignal, Signal};
pub use shared::Lang;

/// localStorage key of the chosen language.
const LANG_KEY: &str = "jg:lang";

/// A piece of UI text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    AppName,
    Tagline,
    /// The toggle shows the language it switches to.
    LangToggle,
    LangToggleLabel,
    SyncRegion,
    Pending,
    LastSync,
    NeverSynced,
    Today,
    Yesterday,
    Online,
    Offline,
    SyncNow,
    Syncing,
    FormHeading,
    Optional,
    Save,
    Saved,
    CheckFields,
    ListHeading,
    ListEmpty,
    OnDevice,
    Sent,
    Received,
    NeedsAttention,
    SessionsUnit,
    SessionUnit,
    ParticipantsUnit,
    ParticipantUnit,
    NoPlace,
}

/// The text in `lang`.
pub fn t(lang: Lang, text: Text) -> &'static str {
    use Text::*;
    let (zh, en) = match text {
        AppName => ("巾帼台账", "Jinguo Ledger"),
        Tagline => (
            "妇联工作台账 · 离线可用",
            "Women's federation work ledger · works offline",
        ),
        LangToggle => ("EN", "中文"),
        LangToggleLabel => ("Switch to English", "切换到中文"),
        SyncRegion => ("同步状态", "Sync status"),
        Pending => ("待发送", "Waiting to send"),
        LastSync => ("上次同步", "Last sync"),
        NeverSynced => ("尚未同步", "Not yet"),
        Today => ("今天", "Today"),
        Yesterday => ("昨天", "Yesterday"),
        Online => ("在线", "Online"),
        Offline => ("离线", "Offline"),
        SyncNow => ("立即同步", "Sync now"),
        Syncing => ("正在同步…", "Syncing…"),
        FormHeading => ("记录一次活动", "Record an activity"),
        Optional => ("选填", "optional"),
        Save => ("保存", "Save"),
        Saved => ("已保存在本机", "Saved on this phone"),
        CheckFields => ("请检查标红的内容", "Please check the fields marked in red"),
        ListHeading => ("本机记录", "On this phone"),
        ListEmpty => (
            "还没有记录。保存的活动会显示在这里。",
            "No entries yet. Saved activities appear here.",
        ),
        OnDevice => ("仅在本机", "Only on this phone"),
        Sent => ("已发送", "Sent"),
        Received => ("已送达", "Received"),
        NeedsAttention => ("需处理", "Needs attention"),
        SessionsUnit => ("场", " sessions"),
        SessionUnit => ("场", " session"),
        ParticipantsUnit => ("人次", " people"),
        ParticipantUnit => ("人次", " person"),
        NoPlace => ("未填地点", "no place given"),
    };
    lang.pick(zh, en)
}

/// `text` in the current language, for a view. Views show dynamic text as
/// `Signal`s rather than closures: every closure type would add its own copy
/// of the rendering code to the wasm, every `Signal<&str>` shares one.
pub fn tr(lang: ReadSignal<Lang>, text: Text) -> Signal<&'static str> {
    Signal::derive(move || t(lang.get(), text))
}

/// The other language (what the toggle switches to).
pub fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    }
}

/// The language chosen on this phone before, or Chinese.
pub fn saved_lang() -> Lang {
    match storage::get_raw(LANG_KEY).as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// Remembers the choice (best effort: a full or missing storage only forgets it)
/// and sets the page's `lang` attribute, which screen readers and fonts follow.
pub fn apply_lang(lang: Lang) {
    let code = match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    };
    storage::set_raw(LANG_KEY, code);
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.tag());
    }
}
