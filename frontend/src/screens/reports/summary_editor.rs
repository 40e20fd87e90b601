//! The yearly summary draft: written from the report by
//! `shared::report::summary` in the federation's phrasing (an opening, the
//! work lines, then 存在问题 and 下一步打算 left for the office to write, their
//! prompts shown as placeholders), edited here, with photos picked from the
//! period's entries (`summary_photos`), and exported as Word (.docx, made by
//! the server: headed sections, pictures captioned 图1, 图2…) or plain text.
//! The edited draft is kept on this computer
//! (`jg:summary:<org>:<from>:<to>:<lang>`, a `SummaryText` as JSON; one kept
//! before sections existed still loads, see `summary_draft`) so a reload or
//! another filter does not lose the office's work.

use super::summary_draft::{plain_text, restore};
use crate::platform::api::{self, ApiError};
use crate::platform::storage;
use crate::state::session::Auth;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::catalogue::Catalogue;
use shared::report::build::Report;
use shared::report::summary::summary;
use shared::report::wire::{SummaryText, MAX_SUMMARY_CHARS};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

#[component]
pub fn SummaryEditor(report: StoredValue<Report>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    let draft = RwSignal::new(SummaryText::plain("", ""));
    // The sections' prompts (placeholders), by position.
    let prompts = RwSignal::new(Vec::<String>::new());
    let restored = RwSignal::new(false);
    let said = RwSignal::new(None::<String>);
    let key = move |l: Lang| {
        report.with_value(|r| {
            format!(
                "jg:summary:{}:{}:{}:{}",
                r.query.root,
                r.query.period.from,
                r.query.period.to,
                crate::platform::api::wire_name(&l)
            )
        })
    };
    let generate = move |l: Lang| report.with_value(|r| catalogue.with(|c| summary(r, c, l)));
    // The kept draft of this report and language, else a fresh one.
    Effect::new(move |_| {
        let l = lang.get();
        let fresh = generate(l);
        let (d, kept) = restore(storage::get_raw(&key(l)).as_deref(), &fresh);
        prompts.set(fresh.sections.into_iter().map(|s| s.prompt).collect());
        restored.set(kept);
        draft.set(d);
    });
    let keep = move || {
        if let Ok(raw) = draft.with_untracked(serde_json::to_string) {
            storage::set_raw(&key(lang.get_untracked()), &raw);
        }
    };
    let edit = move |f: &dyn Fn(&mut SummaryText)| {
        draft.update(|d| f(d));
        keep();
    };
    let regenerate = move |_| {
        let l = lang.get_untracked();
        storage::remove_raw(&key(l));
        let (d, _) = restore(None, &generate(l));
        draft.set(d);
        restored.set(false);
    };
    let too_long = move || {
        draft.with(|d| {
            d.body.chars().count()
                + d.sections
                    .iter()
                    .map(|s| s.text.chars().count())
                    .sum::<usize>()
                > MAX_SUMMARY_CHARS
        })
    };
    let file_name = move |ext: &str| {
        report.with_value(|r| {
            format!(
                "jinguo-summary-{}-{}.{ext}",
                r.query.period.from, r.query.period.to
            )
        })
    };
    let export_txt = move |_| {
        let l = lang.get_untracked();
        let text = draft.with_untracked(plain_text);
        let done = crate::platform::download::offer(
            &file_name("txt"),
            "text/plain;charset=utf-8",
            text.as_bytes(),
        );
        said.set(Some(match done {
            Ok(()) => l.pick("已导出文本。", "Text exported.").to_owned(),
            Err(_) => crate::text::errors::download_refused(l).to_owned(),
        }));
    };
    let export_docx = move |_| {
        let l = lang.get_untracked();
        let text = draft.get_untracked();
        let name = file_name("docx");
        said.set(Some(
            l.pick("正在生成 Word 文件…", "Preparing the Word file…")
                .to_owned(),
        ));
        crate::screens::parts::server_call::run(
            auth,
            move |token| async move { api::summary_docx(&token, &text).await },
            move |result: Result<Vec<u8>, ApiError>| {
                let done = l.pick("已导出 Word 文件。", "Word file exported.");
                let message =
                    crate::screens::parts::server_call::offer_fetched(result, &name, DOCX, done, l);
                said.try_set(Some(message));
            },
        );
    };
    let sections = move || {
        let count = draft.with(|d| d.sections.len());
        (0..count)
            .map(|i| {
                let heading = move || draft.with(|d| d.sections.get(i).map(|s| s.heading.clone()));
                let text = move || draft.with(|d| d.sections.get(i).map(|s| s.text.clone()));
                let prompt = move || prompts.with(|p| p.get(i).cloned().unwrap_or_default());
                view! {
                    <label class="field summary-section">
                        <span class="label">{heading}</span>
                        <textarea class="summary-section-text" data-section=i rows="5"
                            placeholder=prompt prop:value=text
                            on:input:target=move |ev| {
                                let v = ev.target().value();
                                edit(&|d| if let Some(s) = d.sections.get_mut(i) { s.text.clone_from(&v) });
                            }></textarea>
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card summary-editor" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{zh_en(lang, "工作总结草稿", "Summary draft")}</h2>
            <p class="hint no-print">{zh_en(lang,
                "按各条线合计自动生成，可直接修改；修改会保存在本机。",
                "Written from the totals; edit it freely. Your edits are kept on this computer.")}</p>
            <Show when=move || restored.get()>
                <p id="summary-restored" class="hint no-print">{zh_en(lang, "已恢复上次编辑的草稿。", "Your last edited draft was restored.")}</p>
            </Show>
            <label class="field">
                <span class="label">{zh_en(lang, "标题", "Title")}</span>
                <input id="summary-title" type="text" prop:value=move || draft.with(|d| d.title.clone())
                    on:input:target=move |ev| { let v = ev.target().value(); edit(&|d| d.title.clone_from(&v)); }/>
            </label>
            <label class="field">
                <span class="label">{zh_en(lang, "正文", "Text")}</span>
                <textarea id="summary-text" rows="18" prop:value=move || draft.with(|d| d.body.clone())
                    on:input:target=move |ev| { let v = ev.target().value(); edit(&|d| d.body.clone_from(&v)); }></textarea>
            </label>
            <super::summary_photos::PhotoPicker report draft keep=Callback::new(move |()| keep())/>
            {sections}
            <Show when=too_long>
                <p class="form-error" role="alert">{zh_en(lang, "正文太长（最多十万字）。", "The text is too long (100,000 characters at most).")}</p>
            </Show>
            <div class="report-actions no-print">
                <button id="export-docx" type="button" class="button button-primary" on:click=export_docx
                    disabled=too_long>{zh_en(lang, "导出 Word", "Export Word")}</button>
                <button id="export-txt" type="button" class="button button-secondary" on:click=export_txt>
                    {zh_en(lang, "导出文本", "Export text")}</button>
                <button id="summary-regenerate" type="button" class="button button-secondary" on:click=regenerate>
                    {zh_en(lang, "重新生成", "Write again")}</button>
            </div>
            <p id="summary-status" class="form-status" role="status">{move || said.get()}</p>
            // What a printout shows instead of the editing fields.
            <div class="summary-print" aria-hidden="true">
                <h3>{move || draft.with(|d| d.title.clone())}</h3>
                <p>{move || draft.with(|d| {
                    let text = plain_text(d);
                    text.split_once("\n\n").map(|(_, rest)| rest.to_owned()).unwrap_or(text)
                })}</p>
            </div>
        </section>
    }
}
