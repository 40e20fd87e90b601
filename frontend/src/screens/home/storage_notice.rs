//! Warnings about the phone's storage, on the first screen.

use crate::logic::storage_warnings::{storage_filling, waited_too_long};
use crate::platform::clock;
use crate::platform::install::InstallOffer;
use crate::state::ledger::Ledger;
use crate::text::errors;
use crate::text::i18n::Lang;
use crate::text::i18n::{tr, Text};
use leptos::prelude::*;
use shared::device::KeyValue;
use shared::device::STORAGE_BUDGET_UNITS;

/// Says so when records cannot be kept on this phone, some cannot be read, the
/// storage is filling up, or entries have waited too long to be synced.
#[component]
pub fn StorageNotice() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let open_error = ledger.open_error().map(|e| {
        let text = Signal::derive(move || errors::store_error(&e, lang.get()));
        view! { <div id="storage-warning" class="notice notice-error" role="alert">{text}</div> }
    });
    // Unreadable records are found when the store opens; the count never changes.
    let unreadable = ledger.read(|s| s.unreadable_keys().len()).unwrap_or(0);
    let unreadable = (unreadable > 0).then(|| {
        let text = Signal::derive(move || errors::unreadable_records(unreadable, lang.get()));
        view! { <div class="notice notice-warn" role="status">{text}</div> }
    });
    // Shown once the app uses half of what localStorage gives it.
    let used = Memo::new(move |_| ledger.read(|s| s.kv().used_units()).unwrap_or(0));
    let storage_use = move || {
        let used = used.get();
        storage_filling(used, STORAGE_BUDGET_UNITS).then(|| {
            let text = errors::storage_use(used, STORAGE_BUDGET_UNITS, lang.get());
            view! { <div id="storage-use" class="notice notice-warn" role="status">{text}</div> }
        })
    };
    // Entries waiting for more than three days risk the browser's clean-up.
    let waiting = move || {
        let oldest = ledger.read(|s| s.oldest_pending_ms()).flatten();
        waited_too_long(clock::now_ms(), oldest).map(|days| {
            let text = errors::waiting_too_long(days, lang.get());
            view! { <div id="unsynced-warning" class="notice notice-warn" role="alert">{text}</div> }
        })
    };
    // Offered when the browser says the app can be installed.
    let install = use_context::<InstallOffer>().map(|offer| {
        move || {
            offer.available().then(|| {
                view! {
                    <div class="notice notice-info install-offer" role="status">
                        <p>{tr(lang, Text::InstallHint)}</p>
                        <button id="install-app" type="button" class="button button-secondary"
                            on:click=move |_| offer.prompt()>
                            {tr(lang, Text::InstallApp)}
                        </button>
                    </div>
                }
            })
        }
    });
    view! { {open_error} {unreadable} {storage_use} {waiting} {install} }
}
