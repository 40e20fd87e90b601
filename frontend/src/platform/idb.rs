//! IndexedDB as the photo store's backend (`shared::photo::store::PhotoBackend`):
//! one database, one object store per shelf (photos, thumbnails, records),
//! string keys `<account>/<sha256>`, values as bytes. Photos never go to
//! localStorage: its few MiB are the text entries' budget.
//!
//! IndexedDB may be missing or refuse to open (some private windows, some
//! in-app browsers): [`IdbPhotos::open`] then says `Unavailable`, and the
//! form keeps saving entries without photos.

use js_sys::{Function, Promise, Reflect, Uint8Array};
use shared::photo::store::{Estimate, PhotoBackend, PhotoStoreError, Shelf};
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbKeyRange, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

/// The database's name and version (the version makes the object stores).
const DB_NAME: &str = "jinguo-photos";
const DB_VERSION: u32 = 1;

thread_local! {
    /// The page's one connection, opened on first use.
    static DB: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
}

/// The photo shelves in this browser's IndexedDB.
#[derive(Debug, Clone)]
pub struct IdbPhotos {
    db: IdbDatabase,
}

fn unavailable(why: &str) -> PhotoStoreError {
    PhotoStoreError::Unavailable(why.to_owned())
}

/// The DOM exception's name (`QuotaExceededError`, …) of a failure.
fn error_name(e: &JsValue) -> String {
    Reflect::get(e, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default()
}

fn failed(e: &JsValue, needed: u64) -> PhotoStoreError {
    match error_name(e).as_str() {
        "QuotaExceededError" => PhotoStoreError::Full { needed },
        name => unavailable(name),
    }
}

/// Waits for a request's `success` or `error` (both end the promise; the
/// request says which).
async fn settled(target: &web_sys::EventTarget, ok: &str, errs: &[&str]) {
    let target = target.clone();
    let ok = ok.to_owned();
    let errs: Vec<String> = errs.iter().map(|e| (*e).to_owned()).collect();
    let promise = Promise::new(&mut |resolve: Function, _reject| {
        // One function for every event: only the first call counts.
        let done = Closure::once_into_js(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let f: &Function = done.unchecked_ref();
        let _ = target.add_event_listener_with_callback(&ok, f);
        for e in &errs {
            let _ = target.add_event_listener_with_callback(e, f);
        }
    });
    let _ = JsFuture::from(promise).await;
}

async fn result(req: &IdbRequest) -> Result<JsValue, JsValue> {
    settled(req, "success", &["error"]).await;
    match req.error() {
        Ok(Some(e)) => Err(e.into()),
        Err(e) => Err(e),
        Ok(None) => req.result(),
    }
}

impl IdbPhotos {
    /// The page's connection, opened (and its stores made) on first use.
    pub async fn open() -> Result<IdbPhotos, PhotoStoreError> {
        if let Some(db) = DB.with(|d| d.borrow().clone()) {
            return Ok(IdbPhotos { db });
        }
        let window = web_sys::window().ok_or_else(|| unavailable("no window"))?;
        let factory = window
            .indexed_db()
            .ok()
            .flatten()
            .ok_or_else(|| unavailable("no IndexedDB"))?;
        let request: IdbOpenDbRequest = factory
            .open_with_u32(DB_NAME, DB_VERSION)
            .map_err(|e| failed(&e, 0))?;
        let upgrade_req = request.clone();
        let upgrade = Closure::<dyn FnMut()>::new(move || {
            let Ok(db) = upgrade_req.result() else {
                return;
            };
            let db: IdbDatabase = db.unchecked_into();
            for shelf in Shelf::ALL {
                if !db.object_store_names().contains(shelf.name()) {
                    let _ = db.create_object_store(shelf.name());
                }
            }
        });
        request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
        let opened = result(&request).await;
        request.set_onupgradeneeded(None);
        drop(upgrade);
        let db: IdbDatabase = opened.map_err(|e| failed(&e, 0))?.unchecked_into();
        DB.with(|d| *d.borrow_mut() = Some(db.clone()));
        Ok(IdbPhotos { db })
    }

    fn store(
        &self,
        shelf: Shelf,
        mode: IdbTransactionMode,
    ) -> Result<(web_sys::IdbTransaction, web_sys::IdbObjectStore), PhotoStoreError> {
        let tx = self
            .db
            .transaction_with_str_and_mode(shelf.name(), mode)
            .map_err(|e| failed(&e, 0))?;
        let store = tx.object_store(shelf.name()).map_err(|e| failed(&e, 0))?;
        Ok((tx, store))
    }

    /// Waits until a write transaction is committed (or failed).
    async fn committed(tx: &web_sys::IdbTransaction, needed: u64) -> Result<(), PhotoStoreError> {
        settled(tx, "complete", &["error", "abort"]).await;
        match tx.error() {
            Some(e) => Err(failed(&e.into(), needed)),
            None => Ok(()),
        }
    }
}

impl PhotoBackend for IdbPhotos {
    async fn get(&self, shelf: Shelf, key: &str) -> Result<Option<Vec<u8>>, PhotoStoreError> {
        let (_tx, store) = self.store(shelf, IdbTransactionMode::Readonly)?;
        let req = store
            .get(&JsValue::from_str(key))
            .map_err(|e| failed(&e, 0))?;
        let value = result(&req).await.map_err(|e| failed(&e, 0))?;
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        Ok(Some(Uint8Array::new(&value).to_vec()))
    }

    async fn put(&self, shelf: Shelf, key: &str, value: &[u8]) -> Result<(), PhotoStoreError> {
        let needed = value.len() as u64;
        let (tx, store) = self.store(shelf, IdbTransactionMode::Readwrite)?;
        let bytes = Uint8Array::from(value);
        store
            .put_with_key(&bytes, &JsValue::from_str(key))
            .map_err(|e| failed(&e, needed))?;
        Self::committed(&tx, needed).await
    }

    async fn delete(&self, shelf: Shelf, key: &str) -> Result<(), PhotoStoreError> {
        let (tx, store) = self.store(shelf, IdbTransactionMode::Readwrite)?;
        store
            .delete(&JsValue::from_str(key))
            .map_err(|e| failed(&e, 0))?;
        Self::committed(&tx, 0).await
    }

    async fn keys(&self, shelf: Shelf, prefix: &str) -> Result<Vec<String>, PhotoStoreError> {
        let (_tx, store) = self.store(shelf, IdbTransactionMode::Readonly)?;
        let range = IdbKeyRange::bound(
            &JsValue::from_str(prefix),
            &JsValue::from_str(&format!("{prefix}\u{ffff}")),
        )
        .map_err(|e| failed(&e, 0))?;
        let req = store
            .get_all_keys_with_key(&range)
            .map_err(|e| failed(&e, 0))?;
        let keys = result(&req).await.map_err(|e| failed(&e, 0))?;
        Ok(js_sys::Array::from(&keys)
            .iter()
            .filter_map(|k| k.as_string())
            .collect())
    }

    async fn estimate(&self) -> Option<Estimate> {
        estimate().await
    }
}

/// `navigator.storage.estimate()`, when the browser has it.
pub async fn estimate() -> Option<Estimate> {
    let navigator: JsValue = web_sys::window()?.navigator().into();
    let storage = Reflect::get(&navigator, &JsValue::from_str("storage")).ok()?;
    let f = Reflect::get(&storage, &JsValue::from_str("estimate"))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let promise = f.call0(&storage).ok()?.dyn_into::<Promise>().ok()?;
    let answer = JsFuture::from(promise).await.ok()?;
    let number = |name: &str| {
        Reflect::get(&answer, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_f64())
    };
    Some(Estimate {
        usage: number("usage")? as u64,
        quota: number("quota")? as u64,
    })
}
