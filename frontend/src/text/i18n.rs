//! The words of the user interface in both languages, and the choice of
//! language (Chinese by default, remembered on the phone under `jg:lang`).
//!
//! Messages about an entry's content come from `shared` (they are also sent by
//! the server); this table holds only the app's own words.

use crate::platform::storage;
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
    SyncRegion,
    Pending,
    LastSync,
    NeverSynced,
    Today,
    Yesterday,
    Online,
    Offline,
    /// Online by the browser's word, but requests do not get through.
    Unreachable,
    SyncNow,
    Syncing,
    Save,
    CheckFields,
    OnDevice,
    Sending,
    /// After "仅在本机": when the last attempt to send it failed.
    AttemptFailed,
    Received,
    NeedsAttention,
    NoPlace,
    SignInHeading,
    Username,
    Password,
    SignIn,
    SigningIn,
    SignInHint,
    SignOut,
    TabsLabel,
    TabRecord,
    TabHistory,
    TabReports,
    TabServer,
    TabOrgs,
    TabUsers,
    TabDevices,
    TabAudit,
    TabCatalogue,
    SensitiveMark,
    OfflineNoList,
    Loading,
    Retry,
    More,
    Cancel,
    ServerHeading,
    InstallApp,
    InstallHint,
}

/// The text in `lang`.
pub fn t(lang: Lang, text: Text) -> &'static str {
    use Text::*;
    let (zh, en) = match text {
        AppName => ("巾帼台账", "Jinguo Ledger"),
        InstallApp => ("添加到主屏幕", "Add to home screen"),
        InstallHint => (
            "安装后像普通应用一样打开，本机记录保存更可靠。",
            "Installed, it opens like an app and keeps its records more reliably.",
        ),
        Tagline => (
            "妇联工作台账 · 没有网络也能记录",
            "Women's federation work ledger · records without a network",
        ),
        LangToggle => ("EN", "中文"),
        SyncRegion => ("同步状态", "Sync status"),
        Pending => ("待发送", "Waiting to send"),
        LastSync => ("上次同步", "Last sync"),
        NeverSynced => ("尚未同步", "Not yet"),
        Today => ("今天", "Today"),
        Yesterday => ("昨天", "Yesterday"),
        Online => ("在线", "Online"),
        Offline => ("离线", "Offline"),
        Unreachable => ("网络不通", "No connection"),
        SyncNow => ("立即同步", "Sync now"),
        Syncing => ("正在同步…", "Syncing…"),
        Save => ("保存", "Save"),
        CheckFields => ("请检查标红的内容", "Please check the fields marked in red"),
        OnDevice => ("仅在本机", "Only on this phone"),
        Sending => ("发送中", "Sending"),
        AttemptFailed => ("上次发送未成功", "Last attempt to send failed"),
        Received => ("已送达", "Received"),
        NeedsAttention => ("需处理", "Needs attention"),
        NoPlace => ("未填地点", "no place given"),
        SignInHeading => ("登录", "Sign in"),
        Username => ("用户名", "Username"),
        Password => ("密码", "Password"),
        SignIn => ("登录", "Sign in"),
        SigningIn => ("正在登录…", "Signing in…"),
        SignInHint => (
            "首次登录需要联网；登录后没有网络也能记录，联网后自动同步。",
            "Signing in needs the network once; after that you can record offline and it syncs by itself.",
        ),
        SignOut => ("退出", "Sign out"),
        TabsLabel => ("页面", "Screens"),
        TabRecord => ("首页", "Home"),
        TabHistory => ("本机记录", "This phone"),
        TabReports => ("报表", "Reports"),
        TabServer => ("服务器", "Server"),
        TabOrgs => ("组织", "Organisations"),
        TabUsers => ("账号", "Accounts"),
        TabDevices => ("设备", "Devices"),
        TabAudit => ("审计", "Audit"),
        TabCatalogue => ("工作目录", "Catalogue"),
        // Words, not an emoji: cheap phones and headless browsers may lack the font.
        SensitiveMark => ("仅本组织可见", "own organisation only"),
        OfflineNoList => (
            "离线时无法查看，请联网后再试。本机记录在“本机记录”页。",
            "Not available offline; please try again when online. This phone's entries are under “This phone”.",
        ),
        Loading => ("正在加载…", "Loading…"),
        Retry => ("重试", "Retry"),
        More => ("更多", "More"),
        Cancel => ("取消", "Cancel"),
        ServerHeading => ("服务器上的全部记录", "All entries on the server"),
    };
    lang.pick(zh, en)
}

/// `text` in the current language, for a view. Views show dynamic text as
/// `Signal`s rather than closures: every closure type would add its own copy
/// of the rendering code to the wasm, every `Signal<&str>` shares one.
pub fn tr(lang: ReadSignal<Lang>, text: Text) -> Signal<&'static str> {
    Signal::derive(move || t(lang.get(), text))
}

/// A phrase used by one screen only, in the current language: screens keep
/// their own words beside their markup; words used across screens are in [`t`].
pub fn zh_en(lang: ReadSignal<Lang>, zh: &'static str, en: &'static str) -> Signal<&'static str> {
    Signal::derive(move || lang.get().pick(zh, en))
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
