//! 批量导入 (admin, on the accounts screen): the setup template downloaded,
//! the filled file previewed (an error beside each wrong row), imported
//! when every row is good, and the new accounts' one-time passwords as
//! slips to print and hand out (`@media print` shows only the slips).

use crate::logic::admin_problem::Problem;
use crate::platform::{admin_api, file_input};
use crate::screens::parts::server_call::{offer_fetched, run, ActionError};
use crate::state::session::Auth;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::setup::{NewAccount, PreviewRow, RowAction, SetupApplied, SetupPreview};
use wasm_bindgen::JsCast;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The card.
#[component]
pub fn SetupImport() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let file = RwSignal::new(None::<Vec<u8>>);
    let preview = RwSignal::new(None::<SetupPreview>);
    let applied = RwSignal::new(None::<SetupApplied>);
    let error = RwSignal::new(None::<Problem>);
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);

    let download = move |xlsx: bool| {
        let l = lang.get_untracked();
        run(
            auth,
            move |t| async move { admin_api::setup_template(&t, xlsx).await },
            move |r| {
                let (name, mime) = if xlsx {
                    ("组织与账号导入模板.xlsx", XLSX)
                } else {
                    ("组织与账号导入模板.csv", "text/csv")
                };
                note.try_set(offer_fetched(
                    r,
                    name,
                    mime,
                    l.pick("模板已下载", "Template downloaded"),
                    l,
                ));
            },
        );
    };
    let check = move |bytes: Vec<u8>| {
        busy.set(true);
        error.set(None);
        run(
            auth,
            move |t| async move { admin_api::setup_preview(&t, &bytes).await },
            move |r| {
                busy.try_set(false);
                match r {
                    Ok(p) => {
                        preview.try_set(Some(p));
                    }
                    Err(e) => {
                        error.try_set(Some(e.into()));
                    }
                }
            },
        );
    };
    let chosen = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        applied.set(None);
        preview.set(None);
        crate::platform::task::spawn(async move {
            if let Some((_, bytes)) = file_input::read_chosen(&input).await {
                file.try_set(Some(bytes.clone()));
                check(bytes);
            }
        });
    };
    let apply = move |_| {
        let Some(bytes) = file.get_untracked() else {
            return;
        };
        busy.set(true);
        error.set(None);
        run(
            auth,
            move |t| async move { admin_api::setup_apply(&t, &bytes).await },
            move |r| {
                busy.try_set(false);
                match r {
                    Ok(done) => {
                        preview.try_set(None);
                        applied.try_set(Some(done));
                    }
                    Err(e) => {
                        error.try_set(Some(e.into()));
                    }
                }
            },
        );
    };
    let can_apply =
        move || preview.with(|p| p.as_ref().is_some_and(|p| p.errors == 0)) && !busy.get();
    view! {
        <section class="card setup" id="setup" aria-labelledby="setup-heading">
            <h2 id="setup-heading">{zh_en(lang, "批量导入组织与账号", "Set up organisations and accounts from a file")}</h2>
            <p class="hint">{zh_en(lang,
                "下载模板，在Excel中填写后上传：先预览，每行都无误才导入；同一文件导入两次不会重复创建。",
                "Download the template, fill it in and upload it: it is previewed first and imported only when every row is good; importing the same file twice creates nothing twice.")}</p>
            <div class="row-actions">
                <button id="setup-template-xlsx" type="button" class="button button-secondary"
                    on:click=move |_| download(true)>{zh_en(lang, "下载Excel模板", "Excel template")}</button>
                <button id="setup-template-csv" type="button" class="button button-secondary"
                    on:click=move |_| download(false)>{zh_en(lang, "下载CSV模板", "CSV template")}</button>
            </div>
            <p class="hint" role="status">{move || note.get()}</p>
            <label for="setup-file">{zh_en(lang, "选择填好的文件（.xlsx 或 .csv）", "The filled file (.xlsx or .csv)")}</label>
            <input id="setup-file" type="file" accept=".xlsx,.csv,text/csv" on:change=chosen/>
            <ActionError error id="setup-error"/>
            {move || preview.get().map(|p| view! { <SetupPreviewTable preview=p/> })}
            <Show when=move || preview.with(Option::is_some)>
                <button id="setup-apply" type="button" class="button" disabled=move || !can_apply()
                    on:click=apply>{zh_en(lang, "导入", "Import")}</button>
            </Show>
            {move || applied.get().map(|a| view! { <SetupSlips applied=a/> })}
        </section>
    }
}

/// The preview: counts, then each row with what it would do or its error.
#[component]
fn SetupPreviewTable(preview: SetupPreview) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let (orgs, accounts, same, wrong) = (
        preview.new_orgs,
        preview.new_accounts,
        preview.unchanged,
        preview.errors,
    );
    let summary = move || {
        match lang.get() {
        Lang::Zh => format!("将新建组织 {orgs} 个、账号 {accounts} 个；已存在 {same} 行；有误 {wrong} 行"),
        Lang::En => format!("{orgs} organisations and {accounts} accounts to create; {same} rows exist already; {wrong} wrong"),
    }
    };
    view! {
        <p id="setup-summary" class={if wrong > 0 { "notice notice-warn" } else { "notice" }}>{summary}</p>
        <table id="setup-preview" class="setup-preview">
            <tbody>
                {preview.rows.into_iter().map(|row| view! { <SetupRow row/> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn SetupRow(row: PreviewRow) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let class = match row.action {
        RowAction::Create => "row-create",
        RowAction::Unchanged => "row-unchanged",
        RowAction::Error => "row-error",
    };
    let place = if row.sheet.is_empty() {
        format!("{}", row.line)
    } else {
        format!("{} {}", row.sheet, row.line)
    };
    let cells = row.cells.join(" · ");
    let (zh, en) = (row.message_zh.clone(), row.message.clone());
    let action = row.action;
    let said = move || match action {
        RowAction::Create => lang.get().pick("新建", "create").to_owned(),
        RowAction::Unchanged => lang.get().pick("已存在", "exists").to_owned(),
        RowAction::Error => match lang.get() {
            Lang::Zh => zh.clone().unwrap_or_default(),
            Lang::En => en.clone().unwrap_or_default(),
        },
    };
    view! {
        <tr class=class data-line=row.line.to_string()>
            <td class="setup-line">{place}</td>
            <td>{cells}</td>
            <td class="setup-outcome">{said}</td>
        </tr>
    }
}

/// The one-time passwords, one slip per account, and a print button.
#[component]
fn SetupSlips(applied: SetupApplied) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let address = window().location().origin().unwrap_or_default();
    let (orgs, n) = (applied.new_orgs, applied.accounts.len());
    let summary = move || {
        match lang.get() {
        Lang::Zh => format!("已导入：新建组织 {orgs} 个、账号 {n} 个。一次性密码只显示这一次，请打印后当面发放。"),
        Lang::En => format!("Imported: {orgs} organisations and {n} accounts created. The one-time passwords are shown this once: print them and hand them out in person."),
    }
    };
    view! {
        <p id="setup-done" class="notice" role="status">{summary}</p>
        <Show when=move || { n > 0 }>
            <button id="setup-print" type="button" class="button"
                on:click=move |_| { let _ = window().print(); }>{zh_en(lang, "打印密码条", "Print the slips")}</button>
        </Show>
        <div id="setup-slips" class="slips">
            {applied.accounts.into_iter().map(|a| view! { <Slip account=a address=address.clone()/> }).collect_view()}
        </div>
    }
}

#[component]
fn Slip(account: NewAccount, address: String) -> impl IntoView {
    view! {
        <div class="slip" data-username=account.user.username.clone()>
            <p class="slip-title">"巾帼台账 · 账号"</p>
            <p>"姓名：" <strong>{account.user.display_name.clone()}</strong> "（" {account.org_name.clone()} "）"</p>
            <p>"用户名：" <strong class="slip-username">{account.user.username.clone()}</strong></p>
            <p>"一次性密码：" <strong class="slip-password">{account.one_time_password.clone()}</strong></p>
            <p>"网址：" {address}</p>
            <p class="slip-note">"首次登录须修改密码"</p>
        </div>
    }
}
