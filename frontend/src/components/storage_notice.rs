//! Warnings about the phone's storage, on the first screen.

use crate::errors;
use crate::i18n::Lang;
use crate::ledger::Ledger;
use leptos::prelude::*;

/// Says so when records cannot be kept on this phone, or some cannot be read.
#[component]
pub fn StorageNotice() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let open_error = ledger.open_error().map(|e| {
        let text = Signal::derive(move || errors::store_error(&e, lang.get()));
        view! { <div id="storage-warning" class="notice notice-error" role="alert">{text}</div> }
    });
    // Unreadable records are found when the store opens; the count never changes.
    let unreadable = ledger.unreadable();
    let unreadable = (unreadable > 0).then(|| {
        let text = Signal::derive(move || errors::unreadable_records(unreadable, lang.get()));
        view! { <div class="notice notice-warn" role="status">{text}</div> }
    });
    view! { {open_error} {unreadable} }
}
