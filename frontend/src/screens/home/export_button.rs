//! One tap saves everything on this phone to a file (JSON, versioned) that
//! the server imports exactly once: for a phone that cannot sync, or whose
//! storage is about to be cleared.

use crate::platform::clock;
use crate::state::ledger::Ledger;
use crate::text::errors;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;

/// The export button and what became of the last export.
#[component]
pub fn ExportButton(
    /// The account, written into the file and its name.
    username: String,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let outcome = RwSignal::new(None::<Result<usize, String>>);
    let export = move |_| {
        let l = lang.get_untracked();
        let result = ledger
            .peek(|s| s.export(&username, clock::now_ms()))
            .map_err(|e| errors::store_error(&e, l))
            .and_then(|file| {
                let count = file.entries.len();
                let text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
                let name = format!("jinguo-{}-{}.json", username, clock::today());
                crate::platform::download::offer(&name, "application/json", text.as_bytes())
                    .map(|()| count)
                    .map_err(|_| crate::text::errors::download_refused(l).to_owned())
            });
        outcome.set(Some(result));
    };
    let said = move || {
        let l = lang.get();
        outcome.get().map(|r| match r {
            Ok(n) => match l {
                Lang::Zh => format!("已导出 {n} 条记录。请把文件交给街道妇联导入。"),
                Lang::En => format!(
                    "{n} entries exported. Give the file to the subdistrict office to import."
                ),
            },
            Err(e) => e,
        })
    };
    view! {
        <section class="card export" aria-labelledby="export-heading">
            <h2 id="export-heading">{zh_en(lang, "备份", "Backup")}</h2>
            <p class="hint">{zh_en(lang,
                "长时间没有信号，或要换手机时：把本机全部记录导出为文件，由街道妇联导入，不会重复。",
                "No signal for a long time, or changing phones: export everything on this phone to a file for the subdistrict office to import; nothing is counted twice.")}</p>
            <button id="export-data" type="button" class="button button-secondary" on:click=export>
                {zh_en(lang, "导出本机数据", "Export this phone's data")}
            </button>
            <p id="export-status" class="form-status" role="status">{said}</p>
        </section>
    }
}
