//! Choosing what to record: large tiles grouped by work line, the kinds used
//! most recently first. One tap opens the form for that kind.

use crate::state::nav::{Nav, Screen};
use crate::state::prefs::Prefs;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::catalogue::{Catalogue, KindDef};

/// The kind picker.
#[component]
pub fn KindPicker(
    /// The signed-in account, whose recent kinds come first.
    username: String,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let nav = expect_context::<Nav>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    let recent = Prefs::load(&username).recent_kinds;
    let recent_tiles = move || {
        catalogue.with(|c| {
            let kinds: Vec<KindDef> = recent
                .iter()
                .filter_map(|code| c.kind(code))
                .filter(|k| !k.retired)
                .cloned()
                .collect();
            (!kinds.is_empty()).then(|| {
                view! {
                    <section class="kind-group" aria-labelledby="kinds-recent">
                        <h3 id="kinds-recent">{zh_en(lang, "最近使用", "Recently used")}</h3>
                        <div class="kind-tiles" id="recent-kinds">
                            {kinds.into_iter().map(|k| view! { <KindTile kind=k/> }).collect_view()}
                        </div>
                    </section>
                }
            })
        })
    };
    let groups = move || {
        let l = lang.get();
        catalogue.with(|c| {
            c.lines
                .iter()
                .map(|line| {
                    let kinds: Vec<KindDef> = c.active_kinds(&line.code).cloned().collect();
                    let heading_id = format!("line-{}", line.code);
                    let labelled_by = heading_id.clone();
                    view! {
                        <section class="kind-group" aria-labelledby=labelled_by data-line=line.code.clone()>
                            <h3 id=heading_id>{line.name(l).to_owned()}</h3>
                            <div class="kind-tiles">
                                {kinds.into_iter().map(|k| view! { <KindTile kind=k/> }).collect_view()}
                            </div>
                        </section>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section id="kind-picker" class="card picker" aria-labelledby="picker-heading">
            <div class="screen-head">
                <button type="button" class="button button-small button-secondary back"
                    on:click=move |_| nav.go(Screen::Home)>
                    {zh_en(lang, "‹ 返回", "‹ Back")}
                </button>
                <h2 id="picker-heading">{zh_en(lang, "记录什么？", "What are you recording?")}</h2>
            </div>
            {recent_tiles}
            {groups}
        </section>
    }
}

/// One kind as a large button.
#[component]
fn KindTile(kind: KindDef) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let nav = expect_context::<Nav>();
    let code = kind.code.clone();
    let name = {
        let kind = kind.clone();
        move || kind.name(lang.get()).to_owned()
    };
    let sensitive = kind.sensitive.then(|| {
        view! { <span class="tile-note">{zh_en(lang, "仅本组织可见", "own organisation only")}</span> }
    });
    view! {
        <button type="button" class="kind-tile" data-kind=kind.code.clone()
            on:click=move |_| nav.go(Screen::Record { kind: code.clone() })>
            <span class="tile-name">{name}</span>
            {sensitive}
        </button>
    }
}
