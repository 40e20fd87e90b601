//! Whether this browser can keep the app for use without a network, and what
//! to say when it cannot: no service worker (WeChat's in-app browser on an
//! iPhone, Firefox's private windows), or storage the browser will not keep
//! (a private window). Said on the first screen, before she finds out in a
//! field with no signal. The rules are plain (`shortfalls`); `probe` asks the
//! browser. (WebAssembly switched off — iOS Lockdown Mode — stops the app
//! itself from starting: `static/index.html` and `boot.js` say that one.)

use wasm_bindgen::{JsCast, JsValue};

/// Below this quota the browser keeps almost nothing for the site: a private
/// window or a storage-starved browser. Normal windows get gigabytes.
pub const TINY_QUOTA_BYTES: f64 = 50.0 * 1024.0 * 1024.0;

/// What the browser says about itself.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Capabilities {
    /// `'serviceWorker' in navigator`: the app can start with no network.
    pub service_worker: bool,
    /// `navigator.storage.estimate()`'s quota, when the browser gives one.
    pub quota_bytes: Option<f64>,
    /// `navigator.storage.getDirectory()` was refused: Safari and Firefox
    /// refuse the site's private file system in private windows (and only there).
    pub files_refused: bool,
}

/// Why the app would not be there offline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortfall {
    /// Without a service worker the page cannot open without a network.
    NoServiceWorker,
    /// What is stored may be gone when the window closes.
    StorageNotKept,
}

/// What to warn about, most harmful first.
pub fn shortfalls(c: &Capabilities) -> Vec<Shortfall> {
    let mut out = Vec::new();
    if !c.service_worker {
        out.push(Shortfall::NoServiceWorker);
    }
    if c.files_refused || c.quota_bytes.is_some_and(|q| q < TINY_QUOTA_BYTES) {
        out.push(Shortfall::StorageNotKept);
    }
    out
}

impl Shortfall {
    /// The element's id (tests find it by this).
    pub fn id(self) -> &'static str {
        match self {
            Shortfall::NoServiceWorker => "offline-unsupported",
            Shortfall::StorageNotKept => "storage-not-kept",
        }
    }

    /// What is wrong and how to fix it: (Chinese, English).
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            Shortfall::NoServiceWorker => (
                "这个浏览器不能让巾帼台账离线使用（例如在微信里打开的页面）：没有网络时将打不开。请用手机自带的浏览器（如 Safari、Chrome）打开本页，并添加到主屏幕。",
                "This browser cannot keep Jinguo Ledger for use without a network (a page opened inside WeChat, for instance): with no signal it will not open. Open this page in the phone's browser (Safari, Chrome…) and add it to the home screen.",
            ),
            Shortfall::StorageNotKept => (
                "这个窗口不会长期保存数据（可能是无痕/隐私浏览）：关闭后，没有同步的记录可能丢失。请在普通浏览器窗口中打开本页，并添加到主屏幕。",
                "This window does not keep data (perhaps a private window): entries not yet synced may be lost when it closes. Open this page in a normal browser window and add it to the home screen.",
            ),
        }
    }
}

/// Asks the browser. The storage questions are asynchronous; a browser
/// without them (older ones) is taken at its word that it keeps data.
pub async fn probe() -> Capabilities {
    let Some(window) = web_sys::window() else {
        return Capabilities::default();
    };
    let navigator: JsValue = window.navigator().into();
    let has = |obj: &JsValue, name: &str| {
        js_sys::Reflect::has(obj, &JsValue::from_str(name)).unwrap_or(false)
    };
    let mut c = Capabilities {
        service_worker: has(&navigator, "serviceWorker"),
        ..Capabilities::default()
    };
    let Ok(storage) = js_sys::Reflect::get(&navigator, &JsValue::from_str("storage")) else {
        return c;
    };
    if storage.is_undefined() {
        return c;
    }
    if let Some(estimate) = call(&storage, "estimate").await {
        c.quota_bytes = js_sys::Reflect::get(&estimate, &JsValue::from_str("quota"))
            .ok()
            .and_then(|q| q.as_f64());
    }
    if has(&storage, "getDirectory") {
        c.files_refused = call(&storage, "getDirectory").await.is_none();
    }
    c
}

/// Calls `obj.name()` and awaits the promise: its value, or `None` if it
/// is not a function or the promise was rejected.
async fn call(obj: &JsValue, name: &str) -> Option<JsValue> {
    let f = js_sys::Reflect::get(obj, &JsValue::from_str(name)).ok()?;
    let f = f.dyn_into::<js_sys::Function>().ok()?;
    let promise = f.call0(obj).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normal() -> Capabilities {
        Capabilities {
            service_worker: true,
            quota_bytes: Some(10.0 * 1024.0 * 1024.0 * 1024.0),
            files_refused: false,
        }
    }

    #[test]
    fn a_normal_browser_has_nothing_to_say() {
        assert!(shortfalls(&normal()).is_empty());
        let unknown_quota = Capabilities {
            quota_bytes: None,
            ..normal()
        };
        assert!(shortfalls(&unknown_quota).is_empty());
    }

    #[test]
    fn no_service_worker_is_said_first() {
        let c = Capabilities {
            service_worker: false,
            files_refused: true,
            ..normal()
        };
        assert_eq!(
            shortfalls(&c),
            [Shortfall::NoServiceWorker, Shortfall::StorageNotKept]
        );
    }

    #[test]
    fn a_refused_file_system_or_a_tiny_quota_is_storage_not_kept() {
        let refused = Capabilities {
            files_refused: true,
            ..normal()
        };
        assert_eq!(shortfalls(&refused), [Shortfall::StorageNotKept]);
        let tiny = Capabilities {
            quota_bytes: Some(TINY_QUOTA_BYTES - 1.0),
            ..normal()
        };
        assert_eq!(shortfalls(&tiny), [Shortfall::StorageNotKept]);
        let enough = Capabilities {
            quota_bytes: Some(TINY_QUOTA_BYTES),
            ..normal()
        };
        assert!(shortfalls(&enough).is_empty());
    }

    #[test]
    fn every_warning_says_how_to_fix_it_in_both_languages() {
        for s in [Shortfall::NoServiceWorker, Shortfall::StorageNotKept] {
            let (zh, en) = s.words();
            assert!(zh.contains("添加到主屏幕"), "{zh}");
            assert!(en.contains("add it to the home screen"), "{en}");
        }
    }
}
