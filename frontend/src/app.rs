//! The root component: opens the ledger, starts the sync driver and hands
//! both (and the language) to the views by context.

use crate::components::{EntryForm, EntryList, Header, StorageNotice, SyncStatus};
use crate::i18n::{self, Lang};
use crate::ledger::Ledger;
use crate::storage;
use crate::sync::SyncDriver;
use leptos::prelude::*;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let (lang, set_lang) = signal(i18n::saved_lang());
    let ledger = Ledger::open();
    let sync = SyncDriver::new(ledger);
    provide_context::<ReadSignal<Lang>>(lang);
    provide_context(ledger);
    provide_context(sync);

    // Keep the page's `lang` attribute and the saved choice in step.
    Effect::new(move |_| i18n::apply_lang(lang.get()));

    let usable = ledger.open_error().is_none();
    // Runs once, after the view is in the document: end-to-end tests wait for it.
    Effect::new(move |_| mark_app_state(if usable { "ready" } else { "no-storage" }));
    if usable {
        sync.start();
        storage::request_persistence();
    }

    view! {
        <Header lang set_lang/>
        <main class="page">
            <StorageNotice/>
            <SyncStatus/>
            <EntryForm/>
            <EntryList/>
        </main>
    }
}

/// Sets `<html data-app=…>`.
fn mark_app_state(state: &str) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-app", state);
    }
}
