//! 工作目录 (admin): the catalogue of work as lines and kinds, edited in
//! place. Each change is a `shared::catalogue::edit` operation checked at
//! once by the same rules the server applies (the message shows at once);
//! 保存 sends them with the version they were made from, and the saved
//! version becomes this app's catalogue too. Phones get it at their next
//! sync.

use super::catalogue_add::{AddKindForm, AddLineForm};
use super::catalogue_editing::Editing;
use super::catalogue_kind::KindEditor;
use crate::logic::admin_problem::Problem;
use crate::platform::api;
use crate::platform::clock;
use crate::screens::parts::server_call::{load, run, ActionError, Status, StatusLine};
use crate::state::report_cache;
use crate::state::session::Auth;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::catalogue::edit::{apply, CatalogueEdit, CatalogueOp};
use shared::catalogue::{Catalogue, KindDef};
use shared::date::LocalDate;
use shared::report::build::Report;
use shared::report::wire::ReportParams;

/// The screen.
#[component]
pub fn CatalogueEditor() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let in_use = expect_context::<RwSignal<Catalogue>>();
    let base = RwSignal::new(None::<Catalogue>);
    let ops = RwSignal::new(Vec::<CatalogueOp>::new());
    let draft = Memo::new(move |_| {
        let base = base.get()?;
        ops.with(|ops| apply(&base, ops).ok()).or(Some(base))
    });
    let editing = Editing {
        base,
        ops,
        draft,
        refused: RwSignal::new(None),
        report: RwSignal::new(None),
    };
    provide_context(editing);
    let status = RwSignal::new(Status::Loading);
    let loaded = RwSignal::new(None::<Catalogue>);
    load(auth, status, loaded, |t| async move {
        api::catalogue(&t).await.map(Some)
    });
    Effect::new(move |_| {
        if let Some(c) = loaded.get() {
            base.set(Some(c));
        }
    });
    this_years_report(auth, editing.report);

    let save_error = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(None::<u32>);
    let save = move |_| {
        let Some(base_version) = base.with_untracked(|b| b.as_ref().map(|b| b.version)) else {
            return;
        };
        let edit = CatalogueEdit {
            base_version,
            ops: ops.get_untracked(),
        };
        busy.set(true);
        save_error.set(None);
        run(
            auth,
            move |t| async move { api::edit_catalogue(&t, &edit).await },
            move |r| {
                busy.try_set(false);
                match r {
                    Ok(catalogue) => {
                        saved.try_set(Some(catalogue.version));
                        ops.try_set(Vec::new());
                        base.try_set(Some(catalogue.clone()));
                        crate::state::catalogue::adopt(catalogue, in_use);
                    }
                    Err(e) => {
                        save_error.try_set(Some(e.into()));
                    }
                }
            },
        );
    };
    let pending = move || ops.with(Vec::len);
    let save_bar = move || {
        let n = pending();
        let l = lang.get();
        let note = if n > 0 {
            match l {
                Lang::Zh => format!("有 {n} 项修改未保存"),
                Lang::En => format!("{n} changes not saved"),
            }
        } else if let Some(v) = saved.get() {
            match l {
                Lang::Zh => format!("已保存为第 {v} 版：各手机下次同步时更新"),
                Lang::En => format!("Saved as version {v}: phones get it at their next sync"),
            }
        } else {
            String::new()
        };
        view! {
            <div class="button-row catalogue-save">
                <span id="catalogue-status" class="row-meta" role="status">{note}</span>
                <button id="catalogue-save" type="button" class="button button-primary"
                    disabled=move || busy.get() || pending() == 0 on:click=save>
                    {zh_en(lang, "保存", "Save")}
                </button>
                <button type="button" class="button button-small button-secondary"
                    disabled=move || pending() == 0
                    on:click=move |_| { ops.set(Vec::new()); editing.refused.set(None); }>
                    {zh_en(lang, "放弃修改", "Discard")}
                </button>
            </div>
        }
    };
    let refused = move || {
        editing.refused.get().map(|e| {
            let text = move || e.message(lang.get());
            view! { <p id="catalogue-refused" class="form-error" role="alert">{text}</p> }
        })
    };
    let lines = move || {
        draft.get().map(|cat| {
            cat.lines
                .iter()
                .map(|line| {
                    let kinds: Vec<KindDef> =
                        cat.kinds.iter().filter(|k| k.line == line.code).cloned().collect();
                    let name = line.name(lang.get()).to_owned();
                    view! {
                        <li class="catalogue-line" data-line=line.code.clone()>
                            <h3 class="line-name">{name}</h3>
                            <ul class="rows">
                                {kinds.into_iter().map(|kind| view! { <KindEditor kind/> }).collect_view()}
                            </ul>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="catalogue-heading">
            <h2 id="catalogue-heading">{zh_en(lang, "工作目录", "Catalogue of work")}
                <span class="count">{move || draft.with(|d| d.as_ref().map(|d| format!("v{}", d.version)).unwrap_or_default())}</span>
            </h2>
            <StatusLine status retry=Callback::new(move |()| {
                load(auth, status, loaded, |t| async move { api::catalogue(&t).await.map(Some) })
            })/>
            {save_bar}
            {refused}
            <ActionError error=save_error id="catalogue-save-error"/>
            <ul id="catalogue-lines" class="catalogue">{lines}</ul>
        </section>
        <AddKindForm/>
        <AddLineForm/>
    }
}

/// This year's report for the preview: the copy kept from the 报表 tab when
/// there is one, else fetched (best effort: no preview without it).
fn this_years_report(auth: Auth, report: RwSignal<Option<Report>>) {
    let today = clock::today();
    let Some(first) = LocalDate::new(today.year(), 1, 1) else {
        return;
    };
    if let Some(username) = auth.username() {
        let kept = report_cache::load(&username);
        if let Some(copy) = kept.iter().find(|c| c.key.from.year() == today.year()) {
            report.set(Some(copy.report.clone()));
            return;
        }
    }
    let params = ReportParams {
        from: first,
        to: today,
        org: None,
        lang: None,
    };
    run(
        auth,
        move |t| async move { api::report(&t, &params).await },
        move |r| {
            if let Ok(r) = r {
                report.try_set(Some(r));
            }
        },
    );
}
