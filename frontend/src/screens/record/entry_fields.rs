//! The form's inputs: a text input bound to one field of the
//! [`FormInput`], the kind's counts, the person of a roster change or an
//! honour, and the messages beside each.

use crate::logic::form::{FieldError, FormInput};
use crate::text::errors;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::catalogue::{Catalogue, Shape, Unit};
use shared::entry::MemberChange;
use shared::validate::Field;

/// Reads and writes one text field of the form.
pub type Accessor = fn(&mut FormInput) -> &mut String;

fn invalid(
    problems: RwSignal<Vec<FieldError>>,
    field: Field,
    key: Option<String>,
) -> Signal<&'static str> {
    Signal::derive(move || {
        let bad = problems.with(|p| {
            p.iter()
                .any(|e| e.field() == field && e.count_key().map(str::to_owned) == key)
        });
        if bad {
            "true"
        } else {
            "false"
        }
    })
}

/// "选填" after a label, small, so that two labels fit side by side on a phone.
fn optional_mark(lang: Lang) -> &'static str {
    lang.pick("选填", "optional")
}

/// A labelled input (or textarea) for one text field.
#[component]
pub fn TextInput(
    /// The input's id (and the field's wire name).
    id: &'static str,
    field: Field,
    input: RwSignal<FormInput>,
    problems: RwSignal<Vec<FieldError>>,
    acc: Accessor,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional)] optional: bool,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] maxlength: Option<u32>,
    /// Overrides the field's own label.
    #[prop(optional, into)]
    label: Option<Signal<&'static str>>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    /// The field's messages show beside another input (e.g. the person's name).
    #[prop(optional)]
    quiet: bool,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let value = move || {
        let mut i = input.get();
        std::mem::take(acc(&mut i))
    };
    let set = move |v: String| input.update(|i| *acc(i) = v);
    let label_text = move || {
        let l = lang.get();
        label.map_or_else(|| field.label(l), |s| s.get())
    };
    let mark = optional
        .then(|| view! { " " <span class="optional">{move || optional_mark(lang.get())}</span> });
    let described = format!("{id}-error");
    let bad = invalid(problems, field, None);
    let control = if multiline {
        view! {
            <textarea id=id name=id rows="3" aria-invalid=bad aria-describedby=described.clone()
                prop:value=value on:input:target=move |ev| set(ev.target().value())></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id name=id type=input_type.unwrap_or("text") autocomplete="off"
                maxlength=maxlength aria-invalid=bad aria-describedby=described.clone()
                prop:value=value on:input:target=move |ev| set(ev.target().value())/>
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label_text}{mark}</label>
            {control}
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {(!quiet).then(|| view! { <FieldErrors field problems id=described/> })}
        </div>
    }
}

/// The counts the kind asks for, two to a row, each with its unit.
#[component]
pub fn CountInputs(
    input: RwSignal<FormInput>,
    problems: RwSignal<Vec<FieldError>>,
    kind: String,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    let defs =
        catalogue.with_untracked(|c| c.kind(&kind).map(|k| k.counts.clone()).unwrap_or_default());
    let inputs = defs
        .into_iter()
        .map(|def| {
            let kind = kind.clone();
            let id = format!("count-{}", def.key);
            let (for_id, input_id) = (id.clone(), id.clone());
            let described = format!("{id}-error");
            let money = def.unit == Unit::MoneyFen;
            let key = def.key.clone();
            let required = def.required;
            let label = move || {
                let l = lang.get();
                let unit = if money {
                    l.pick("元", "yuan")
                } else {
                    def.unit.measure_word(l)
                };
                match l {
                    Lang::Zh => format!("{}（{unit}）", def.label(l)),
                    Lang::En => format!("{} ({unit})", def.label(l)),
                }
            };
            let mark = (!required)
                .then(|| view! { " " <span class="optional">{move || optional_mark(lang.get())}</span> });
            let value = {
                let key = key.clone();
                move || input.with(|i| i.counts.get(&key).cloned().unwrap_or_default())
            };
            let set = {
                let key = key.clone();
                move |v: String| input.update(|i| {
                    i.counts.insert(key.clone(), v);
                })
            };
            let bad = invalid(problems, Field::Counts, Some(key.clone()));
            view! {
                <div class="field">
                    <label for=for_id>{label}{mark}</label>
                    <input id=input_id name=id type="text" autocomplete="off"
                        inputmode=if money { "decimal" } else { "numeric" }
                        aria-invalid=bad aria-describedby=described.clone()
                        prop:value=value on:input:target=move |ev| set(ev.target().value())/>
                    {money.then(|| view! { <p class="hint">{zh_en(lang, "可填“1.5万”", "“1.5万” works too")}</p> })}
                    <CountErrors kind=kind.clone() key problems id=described/>
                </div>
            }
        })
        .collect_view();
    view! { <div class="field-row counts">{inputs}</div> }
}

/// The person of a committee change (name, what changed, whom she replaced,
/// why) or of an honour (the household or person).
#[component]
pub fn PersonInputs(
    input: RwSignal<FormInput>,
    problems: RwSignal<Vec<FieldError>>,
    shape: Shape,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let name_label = match shape {
        Shape::Activity => return ().into_any(),
        Shape::Member => zh_en(lang, "执委姓名", "Member's name"),
        Shape::Honour {
            unit: Unit::Households,
        } => zh_en(lang, "家庭（户主姓名）", "Household (head's name)"),
        Shape::Honour { .. } => zh_en(lang, "姓名", "Name"),
    };
    let member = (shape == Shape::Member).then(|| {
        let choices = MemberChange::ALL
            .into_iter()
            .map(|c| {
                let id = format!("change-{}", c.code());
                let for_id = id.clone();
                view! {
                    <label class="choice" for=for_id>
                        <input type="radio" id=id name="change" value=c.code()
                            prop:checked=move || input.with(|i| i.change == c.code())
                            on:change=move |_| input.update(|i| i.change = c.code().to_owned())/>
                        {move || c.label(lang.get())}
                    </label>
                }
            })
            .collect_view();
        let replacing = move || input.with(|i| i.change == MemberChange::Replaced.code());
        view! {
            <fieldset class="field choices">
                <legend>{zh_en(lang, "变动情况", "What changed")}</legend>
                {choices}
            </fieldset>
            <Show when=replacing>
                <TextInput id="replaces" field=Field::Person input problems acc=|i| &mut i.replaces
                    label=zh_en(lang, "被替换的执委", "Member replaced") maxlength=40 quiet=true/>
            </Show>
            <TextInput id="reason" field=Field::Person input problems acc=|i| &mut i.reason
                label=zh_en(lang, "原因", "Reason") optional=true maxlength=200 quiet=true
                hint=zh_en(lang, "如：不能正常履职、表现较差", "e.g. cannot perform duties, weak performance")/>
        }
    });
    view! {
        <TextInput id="person" field=Field::Person input problems acc=|i| &mut i.person
            label=name_label maxlength=40/>
        {member}
    }
    .into_any()
}

/// The messages for one field, in the current language.
#[component]
pub fn FieldErrors(
    field: Field,
    problems: RwSignal<Vec<FieldError>>,
    #[prop(optional)] id: Option<String>,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    let id = id.unwrap_or_else(|| format!("{}-error", field.id()));
    let messages = move || {
        let l = lang.get();
        problems.with(|p| {
            catalogue.with(|c| {
                p.iter()
                    .filter(|e| {
                        e.field() == field && (field != Field::Counts || e.count_key().is_none())
                    })
                    .map(
                        |e| view! { <p class="field-error">{errors::field_error(e, l, c, "")}</p> },
                    )
                    .collect_view()
            })
        })
    };
    view! { <div id=id class="field-errors">{messages}</div> }
}

/// The messages for one count of `kind`.
#[component]
fn CountErrors(
    kind: String,
    key: String,
    problems: RwSignal<Vec<FieldError>>,
    id: String,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    let messages = move || {
        let l = lang.get();
        problems.with(|p| {
            catalogue.with(|c| {
                p.iter()
                    .filter(|e| e.count_key() == Some(key.as_str()))
                    .map(|e| view! { <p class="field-error">{errors::field_error(e, l, c, &kind)}</p> })
                    .collect_view()
            })
        })
    };
    view! { <div id=id class="field-errors">{messages}</div> }
}
