//! Adding to the catalogue in the 工作目录 editor: a kind under a work line
//! with its counts (each a unit from the list, Chinese and English names,
//! required or not), and a work line. Codes and count keys are made here,
//! never typed: people see names, entries carry the stable codes.

use super::catalogue_editing::Editing;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::catalogue::edit::CatalogueOp;
use shared::catalogue::{CountDef, Unit};

/// A unit's code as on the wire (`sessions`, `money_fen`…): the count key
/// made for it, and the select's value.
fn unit_code(unit: Unit) -> &'static str {
    match unit {
        Unit::Sessions => "sessions",
        Unit::Times => "times",
        Unit::Attendances => "attendances",
        Unit::People => "people",
        Unit::Households => "households",
        Unit::Persons => "persons",
        Unit::Organisations => "organisations",
        Unit::Documents => "documents",
        Unit::MoneyFen => "money_fen",
    }
}

/// One count row of the form.
#[derive(Clone, Copy)]
struct CountRow {
    unit: RwSignal<Unit>,
    zh: RwSignal<String>,
    en: RwSignal<String>,
    required: RwSignal<bool>,
}

impl CountRow {
    fn new() -> Self {
        CountRow {
            unit: RwSignal::new(Unit::Sessions),
            zh: RwSignal::new(String::new()),
            en: RwSignal::new(String::new()),
            required: RwSignal::new(false),
        }
    }
}

/// The counts as definitions, keyed by unit (`sessions`, then `sessions_2`…).
fn count_defs(rows: &[CountRow]) -> Vec<CountDef> {
    let mut defs: Vec<CountDef> = Vec::new();
    for row in rows {
        let unit = row.unit.get_untracked();
        let base = unit_code(unit);
        let mut key = base.to_owned();
        let mut n = 1;
        while defs.iter().any(|d| d.key == key) {
            n += 1;
            key = format!("{base}_{n}");
        }
        defs.push(CountDef {
            key,
            unit,
            zh: row.zh.get_untracked(),
            en: row.en.get_untracked(),
            required: row.required.get_untracked(),
        });
    }
    defs
}

/// 新增活动类型.
#[component]
pub fn AddKindForm() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let editing = expect_context::<Editing>();
    let line = RwSignal::new(String::new());
    let zh = RwSignal::new(String::new());
    let en = RwSignal::new(String::new());
    let sensitive = RwSignal::new(false);
    let rows = RwSignal::new(vec![CountRow::new()]);
    let lines = move || {
        editing.draft.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.lines
                        .iter()
                        .map(|l| (l.code.clone(), l.name(lang.get()).to_owned()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = line.get_untracked();
        let chosen = if chosen.is_empty() {
            lines().first().map(|l| l.0.clone()).unwrap_or_default()
        } else {
            chosen
        };
        let op = CatalogueOp::AddKind {
            code: editing.new_code("k"),
            line: chosen,
            zh: zh.get_untracked(),
            en: en.get_untracked(),
            counts: rows.with_untracked(|r| count_defs(r)),
            sensitive: sensitive.get_untracked(),
        };
        if editing.push(op) {
            zh.set(String::new());
            en.set(String::new());
            sensitive.set(false);
            rows.set(vec![CountRow::new()]);
        }
    };
    let count_rows = move || {
        rows.get()
            .into_iter()
            .enumerate()
            .map(|(i, row)| {
                let l = lang.get_untracked();
                let units = Unit::ALL
                    .iter()
                    .map(|&u| view! { <option value=unit_code(u)>{u.measure_word(l)}</option> })
                    .collect_view();
                let set_unit = move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(&u) = Unit::ALL.iter().find(|&&u| unit_code(u) == v) {
                        row.unit.set(u);
                    }
                };
                view! {
                    <fieldset class="count-row" data-index=i.to_string()>
                        <legend>{move || format!("{} {}", lang.get().pick("统计项", "Count"), i + 1)}</legend>
                        <div class="field-row">
                            <div class="field"><label>{zh_en(lang, "单位", "Unit")}</label>
                                <select class="count-unit" on:change=set_unit prop:value=move || unit_code(row.unit.get())>{units}</select></div>
                            <div class="field"><label>{zh_en(lang, "中文名称", "Chinese name")}</label>
                                <input class="count-zh" type="text" maxlength="40" bind:value=row.zh/></div>
                            <div class="field"><label>{zh_en(lang, "英文名称", "English name")}</label>
                                <input class="count-en" type="text" maxlength="40" bind:value=row.en/></div>
                        </div>
                        <label class="check"><input type="checkbox" class="count-required" bind:checked=row.required/>
                            {zh_en(lang, "必填", "Required")}</label>
                    </fieldset>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" aria-labelledby="kind-add-heading">
            <h2 id="kind-add-heading">{zh_en(lang, "新增活动类型", "Add a kind")}</h2>
            <form id="kind-add" class="stack" novalidate on:submit=on_submit>
                <div class="field">
                    <label for="kind-add-line">{zh_en(lang, "工作条线", "Work line")}</label>
                    <select id="kind-add-line" on:change=move |ev| line.set(event_target_value(&ev))>
                        {move || lines().into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field-row">
                    <div class="field"><label for="kind-add-zh">{zh_en(lang, "中文名称", "Chinese name")}</label>
                        <input id="kind-add-zh" type="text" maxlength="40" bind:value=zh/></div>
                    <div class="field"><label for="kind-add-en">{zh_en(lang, "英文名称", "English name")}</label>
                        <input id="kind-add-en" type="text" maxlength="40" bind:value=en/></div>
                </div>
                <label class="check"><input id="kind-add-sensitive" type="checkbox" bind:checked=sensitive/>
                    {zh_en(lang, "敏感（记录涉及困难和高风险家庭，仅本组织和管理员可见）", "Sensitive (records name vulnerable people)")}</label>
                {count_rows}
                <div class="button-row">
                    <button id="kind-add-count" type="button" class="button button-small"
                        on:click=move |_| rows.update(|r| r.push(CountRow::new()))>
                        {zh_en(lang, "＋ 统计项", "+ Count")}</button>
                    <button type="submit" class="button button-strong">{zh_en(lang, "加入目录", "Add")}</button>
                </div>
            </form>
        </section>
    }
}

/// 新增工作条线.
#[component]
pub fn AddLineForm() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let editing = expect_context::<Editing>();
    let zh = RwSignal::new(String::new());
    let en = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let op = CatalogueOp::AddLine {
            code: editing.new_code("l"),
            zh: zh.get_untracked(),
            en: en.get_untracked(),
        };
        if editing.push(op) {
            zh.set(String::new());
            en.set(String::new());
        }
    };
    view! {
        <section class="card" aria-labelledby="line-add-heading">
            <h2 id="line-add-heading">{zh_en(lang, "新增工作条线", "Add a work line")}</h2>
            <form id="line-add" class="stack" novalidate on:submit=on_submit>
                <div class="field-row">
                    <div class="field"><label for="line-add-zh">{zh_en(lang, "中文名称", "Chinese name")}</label>
                        <input id="line-add-zh" type="text" maxlength="40" bind:value=zh/></div>
                    <div class="field"><label for="line-add-en">{zh_en(lang, "英文名称", "English name")}</label>
                        <input id="line-add-en" type="text" maxlength="40" bind:value=en/></div>
                </div>
                <button type="submit" class="button button-strong">{zh_en(lang, "加入目录", "Add")}</button>
            </form>
        </section>
    }
}
