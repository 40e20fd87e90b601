//! The one-line message after a screen change: "saved on this phone", or
//! "deleted" with the undo button.

use crate::platform::clock;
use crate::state::ledger::Ledger;
use crate::state::nav::{Flash, Nav};
use crate::state::sync::SyncDriver;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;

/// The message, if there is one; announced to screen readers.
#[component]
pub fn FlashBar() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let nav = expect_context::<Nav>();
    let ledger = expect_context::<Ledger>();
    let sync = expect_context::<SyncDriver>();
    let body = move || {
        let l = lang.get();
        nav.flash.get().map(|flash| match flash {
            Flash::Saved => view! {
                <p>{l.pick("已保存到本机，联网后自动同步。", "Saved on this phone; it syncs when online.")}</p>
            }
            .into_any(),
            Flash::EditSaved => view! {
                <p>{l.pick("修改已保存到本机。", "The change is saved on this phone.")}</p>
            }
            .into_any(),
            Flash::Restored => view! {
                <p>{l.pick("已恢复。", "Restored.")}</p>
            }
            .into_any(),
            Flash::Discarded => view! {
                <p>{l.pick("已放弃本机的修改；同步后显示服务器上的版本。", "This phone's version was given up; the server's shows after the next sync.")}</p>
            }
            .into_any(),
            Flash::Deleted { id, title } => {
                let text = match l {
                    Lang::Zh => format!("已删除“{title}”。"),
                    Lang::En => format!("Deleted “{title}”."),
                };
                view! {
                    <p>{text}</p>
                    <button id="undo" type="button" class="button button-small button-strong"
                        on:click=move |_| {
                            if ledger.write(|s| s.set_deleted(&id, false, clock::now_ms())).is_ok() {
                                sync.request();
                                nav.flash.set(Some(Flash::Restored));
                            }
                        }>
                        {zh_en(lang, "撤销", "Undo")}
                    </button>
                }
                .into_any()
            }
        })
    };
    view! {
        <div id="flash" class="flash" role="status" aria-live="polite"
            hidden=move || nav.flash.with(Option::is_none)>
            {body}
        </div>
    }
}
