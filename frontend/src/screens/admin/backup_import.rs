//! 导入手机备份 (admin, on the devices screen): a phone's export file (the
//! home screen's "导出本机数据") imported as its account, and what became
//! of it: applied, replayed (taken before: nothing stored twice), restored,
//! refused. The server's refusal is said in the screen's language.

use crate::logic::admin_problem::Problem;
use crate::platform::{admin_api, file_input};
use crate::screens::parts::server_call::{run, ActionError};
use crate::state::session::Auth;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::device::ImportSummary;
use wasm_bindgen::JsCast;

/// The card.
#[component]
pub fn BackupImport() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let summary = RwSignal::new(None::<ImportSummary>);
    let error = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let chosen = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        summary.set(None);
        error.set(None);
        busy.set(true);
        crate::platform::task::spawn(async move {
            let Some((_, bytes)) = file_input::read_chosen(&input).await else {
                busy.try_set(false);
                return;
            };
            // The server reads the file and says what is wrong with it.
            let text = String::from_utf8_lossy(&bytes).into_owned();
            input.set_value("");
            run(
                auth,
                move |t| async move { admin_api::import_export(&t, text).await },
                move |r| {
                    busy.try_set(false);
                    match r {
                        Ok(s) => {
                            summary.try_set(Some(s));
                        }
                        Err(e) => {
                            error.try_set(Some(e.into()));
                        }
                    }
                },
            );
        });
    };
    let said = move || {
        summary.get().map(|s| {
            let text = match lang.get() {
                Lang::Zh => format!(
                    "已导入：新写入 {} 条，此前已收到 {} 条（未重复保存），从文件恢复 {} 条（服务器已有 {} 条，未能恢复 {} 条），拒绝 {} 条。",
                    s.applied, s.replayed, s.restored, s.already_held, s.not_restored, s.rejected
                ),
                Lang::En => format!(
                    "Imported: {} changes applied, {} taken before (nothing stored twice), {} entries restored from the file ({} already held, {} could not be restored), {} refused.",
                    s.applied, s.replayed, s.restored, s.already_held, s.not_restored, s.rejected
                ),
            };
            view! { <p id="import-summary" class="notice" role="status"
                data-applied=s.applied.to_string() data-replayed=s.replayed.to_string()
                data-restored=s.restored.to_string()>{text}</p> }
        })
    };
    view! {
        <section class="card" id="backup-import" aria-labelledby="import-heading">
            <h2 id="import-heading">{zh_en(lang, "导入手机备份", "Import a phone's backup")}</h2>
            <p class="hint">{zh_en(lang,
                "选择干部手机上“导出本机数据”得到的文件：按文件中的账号导入，已收到的不会重复保存。",
                "Choose the file a phone's “导出本机数据” made: it is imported as its account, and nothing already received is stored twice.")}</p>
            <label for="import-file">{zh_en(lang, "备份文件（.json）", "Backup file (.json)")}</label>
            <input id="import-file" type="file" accept=".json,application/json" on:change=chosen disabled=busy/>
            <ActionError error id="import-error"/>
            {said}
        </section>
    }
}
