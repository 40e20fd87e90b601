//! One kind in the 工作目录 editor: its names, counts and marks, and what
//! the admin may do to it — rename it and its counts, reword its summary
//! sentence (with a preview over this year's figures), mark it sensitive,
//! retire it (asked first; never deleted).

use super::catalogue_editing::Editing;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::catalogue::edit::CatalogueOp;
use shared::catalogue::{KindDef, Phrase};
use shared::report::summary::summary;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Rename,
    Phrase,
    Retire,
}

/// One kind and its actions.
#[component]
pub fn KindEditor(kind: KindDef) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let editing = expect_context::<Editing>();
    let mode = RwSignal::new(None::<Mode>);
    let code = kind.code.clone();
    let counts = {
        let kind = kind.clone();
        move || {
            let l = lang.get();
            kind.counts
                .iter()
                .map(|c| {
                    let req = if c.required {
                        l.pick("，必填", ", required")
                    } else {
                        ""
                    };
                    match l {
                        Lang::Zh => format!("{}（{}{req}）", c.zh, c.unit.measure_word(l)),
                        Lang::En => format!("{} ({}{req})", c.en, c.unit.measure_word(l)),
                    }
                })
                .collect::<Vec<_>>()
                .join(l.pick("、", ", "))
        }
    };
    let (zh, en) = (kind.zh.clone(), kind.en.clone());
    let name = move || {
        if lang.get() == Lang::Zh {
            zh.clone()
        } else {
            en.clone()
        }
    };
    let toggle = move |m: Mode| mode.update(|c| *c = if *c == Some(m) { None } else { Some(m) });
    let sensitive = kind.sensitive;
    let set_sensitive = {
        let code = code.clone();
        move |_| {
            editing.push(CatalogueOp::SetSensitive {
                kind: code.clone(),
                sensitive: !sensitive,
            });
        }
    };
    let retire = {
        let code = code.clone();
        move |_| {
            mode.set(None);
            editing.push(CatalogueOp::RetireKind { kind: code.clone() });
        }
    };
    let actions = (!kind.retired).then(|| view! {
        <div class="row-actions">
            <button type="button" class="button button-small rename" on:click=move |_| toggle(Mode::Rename)>
                {zh_en(lang, "改名", "Rename")}</button>
            <button type="button" class="button button-small phrase" on:click=move |_| toggle(Mode::Phrase)>
                {zh_en(lang, "总结句式", "Summary sentence")}</button>
            <button type="button" class="button button-small sensitive" on:click=set_sensitive>
                {if sensitive { zh_en(lang, "取消敏感", "Not sensitive") } else { zh_en(lang, "标为敏感", "Mark sensitive") }}</button>
            <button type="button" class="button button-small button-danger retire" on:click=move |_| toggle(Mode::Retire)>
                {zh_en(lang, "停用", "Retire")}</button>
        </div>
    });
    let retire_question = {
        let zh = kind.zh.clone();
        move || {
            match lang.get() {
            Lang::Zh => format!("停用「{zh}」后，手机上不再能新增这类记录；已有的记录全部保留，照常计入报表和导出。停用后不能恢复，它的代码也不会再用于别的类型。确定停用吗？"),
            Lang::En => format!("After retiring “{zh}”, phones can no longer record it; its entries all stay, counted in reports and exports. A retired kind does not come back, and its code is never reused. Retire it?"),
        }
        }
    };
    let form = {
        let kind = kind.clone();
        move || {
            match mode.get() {
            Some(Mode::Rename) => view! { <RenameForm kind=kind.clone() mode/> }.into_any(),
            Some(Mode::Phrase) => view! { <PhraseForm kind=kind.clone() mode/> }.into_any(),
            Some(Mode::Retire) => view! {
                <div class="notice notice-warn retire-confirm" role="alertdialog">
                    <p class="retire-question">{retire_question.clone()}</p>
                    <div class="button-row">
                        <button type="button" class="button button-small button-strong retire-yes" on:click=retire.clone()>
                            {zh_en(lang, "确定停用", "Retire")}</button>
                        <button type="button" class="button button-small button-secondary retire-no"
                            on:click=move |_| mode.set(None)>{zh_en(lang, "取消", "Cancel")}</button>
                    </div>
                </div>
            }.into_any(),
            None => ().into_any(),
        }
        }
    };
    view! {
        <li class="kind row" data-kind=code.clone() data-retired=kind.retired.to_string()>
            <div class="row-head">
                <span class="row-title kind-name">{name}</span>
                {kind.sensitive.then(|| view! { <span class="badge badge-sensitive">{zh_en(lang, "敏感", "Sensitive")}</span> })}
                {kind.retired.then(|| view! { <span class="badge badge-retired">{zh_en(lang, "已停用", "Retired")}</span> })}
            </div>
            <p class="row-meta kind-counts">{counts}</p>
            {actions}
            {form}
        </li>
    }
}

/// New names for the kind and its counts (keys stay: totals stay).
#[component]
fn RenameForm(kind: KindDef, mode: RwSignal<Option<Mode>>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let editing = expect_context::<Editing>();
    let zh = RwSignal::new(kind.zh.clone());
    let en = RwSignal::new(kind.en.clone());
    let counts: Vec<_> = kind
        .counts
        .iter()
        .map(|c| {
            (
                c.clone(),
                RwSignal::new(c.zh.clone()),
                RwSignal::new(c.en.clone()),
            )
        })
        .collect();
    let count_fields = counts
        .iter()
        .map(|(c, zh, en)| {
            let word = c.unit.measure_word(Lang::Zh);
            view! {
                <div class="field-row">
                    <div class="field"><label>{format!("统计项（{word}）")}</label>
                        <input class="count-zh" type="text" maxlength="40" bind:value=*zh/></div>
                    <div class="field"><label>"English"</label>
                        <input class="count-en" type="text" maxlength="40" bind:value=*en/></div>
                </div>
            }
        })
        .collect_view();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut ok = true;
        if zh.get_untracked() != kind.zh || en.get_untracked() != kind.en {
            ok &= editing.push(CatalogueOp::RenameKind {
                kind: kind.code.clone(),
                zh: zh.get_untracked(),
                en: en.get_untracked(),
            });
        }
        for (c, czh, cen) in &counts {
            if ok && (czh.get_untracked() != c.zh || cen.get_untracked() != c.en) {
                ok &= editing.push(CatalogueOp::RenameCount {
                    kind: kind.code.clone(),
                    key: c.key.clone(),
                    zh: czh.get_untracked(),
                    en: cen.get_untracked(),
                });
            }
        }
        if ok {
            mode.set(None);
        }
    };
    view! {
        <form class="kind-rename stack" novalidate on:submit=on_submit>
            <div class="field-row">
                <div class="field"><label>{zh_en(lang, "中文名称", "Chinese name")}</label>
                    <input class="kind-zh" type="text" maxlength="40" bind:value=zh/></div>
                <div class="field"><label>{zh_en(lang, "英文名称", "English name")}</label>
                    <input class="kind-en" type="text" maxlength="40" bind:value=en/></div>
            </div>
            {count_fields}
            <div class="row-actions">
                <button type="submit" class="button button-small button-strong">{zh_en(lang, "确定", "OK")}</button>
            </div>
        </form>
    }
}

/// The kind's Chinese summary sentence, previewed over this year's figures.
#[component]
fn PhraseForm(kind: KindDef, mode: RwSignal<Option<Mode>>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let editing = expect_context::<Editing>();
    let template = RwSignal::new(kind.phrase.zh.clone().unwrap_or_default());
    let keys = kind
        .counts
        .iter()
        .map(|c| format!("{{{}}} = {}", c.key, c.zh))
        .chain([
            "{kind} = 类型名称".to_owned(),
            "{records} = 记录数".to_owned(),
        ])
        .collect::<Vec<_>>()
        .join("；");
    let (code, line) = (kind.code.clone(), kind.line.clone());
    let preview = move || {
        let mut cat = editing.draft.get()?;
        let line_name = cat.line(&line)?.zh.clone();
        if let Some(k) = cat.kinds.iter_mut().find(|k| k.code == code) {
            let t = template.get();
            k.phrase.zh = (!t.trim().is_empty()).then_some(t);
        }
        let text = editing.report.with(|r| {
            r.as_ref().map(|r| {
                summary(r, &cat, shared::Lang::Zh)
                    .paragraphs
                    .into_iter()
                    .find(|p| p.heading.contains(&line_name))
                    .map(|p| p.text)
            })
        });
        Some(match text {
            Some(Some(t)) => t,
            Some(None) => "今年该条线还没有记录；有记录后按此句式生成。".to_owned(),
            None => "（今年的报表未能取得，暂无预览）".to_owned(),
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let en = kind.phrase.en.clone();
        let op = CatalogueOp::RewordPhrase {
            kind: kind.code.clone(),
            phrase: Phrase {
                zh: Some(template.get_untracked()),
                en,
            },
        };
        if editing.push(op) {
            mode.set(None);
        }
    };
    view! {
        <form class="kind-phrase stack" novalidate on:submit=on_submit>
            <div class="field">
                <label>{zh_en(lang, "总结句式（中文）", "Summary sentence (Chinese)")}</label>
                <textarea class="phrase-zh" rows="2" maxlength="300" bind:value=template></textarea>
                <p class="hint">{keys}</p>
            </div>
            <div class="phrase-preview notice" role="status">
                <p class="row-meta">{zh_en(lang, "按今年的数字预览：", "Preview with this year's figures:")}</p>
                <p class="preview-text">{preview}</p>
            </div>
            <div class="row-actions">
                <button type="submit" class="button button-small button-strong">{zh_en(lang, "确定", "OK")}</button>
            </div>
        </form>
    }
}
