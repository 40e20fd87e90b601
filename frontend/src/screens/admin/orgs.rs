//! 组织 (admin): the organisation tree, indented; a new organisation; per
//! row: rename, move, pilot flag, venues, retire / restore. `shared::org`'s
//! rules are checked before sending; the server checks them again.

use super::choice::Choice;
use crate::logic::admin_problem::Problem;
use crate::logic::org_list;
use crate::platform::api;
use crate::screens::parts::server_call::{load, run, ActionError, Status, StatusLine};
use crate::screens::parts::OrgSelect;
use crate::state::session::Auth;
use crate::text::i18n::{tr, zh_en, Lang, Text};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::account::{CreateOrg, UpdateOrg};
use shared::org::{check_org_name, OrgKind, OrgTree, Organisation, Venue};
use uuid::Uuid;

/// The screen.
#[component]
pub fn OrgAdmin() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let tree = expect_context::<Memo<OrgTree>>();
    // The list shown is the session's (so the entry form sees changes too),
    // refreshed from the server on opening.
    let status = RwSignal::new(Status::Loading);
    let fetched = RwSignal::new(None::<Vec<Organisation>>);
    let refresh = move || {
        load(auth, status, fetched, |t| async move {
            api::orgs(&t).await.map(Some)
        })
    };
    refresh();
    Effect::new(move |_| {
        if let Some(list) = fetched.get() {
            auth.set_orgs(list);
        }
    });
    let rows = move || {
        tree.with(|t| {
            org_list::in_order(t)
                .into_iter()
                .map(|(d, o)| (d, o.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <OrgCreate/>
        <section class="card" aria-labelledby="orgs-heading">
            <h2 id="orgs-heading">{zh_en(lang, "组织架构", "Organisations")}</h2>
            <StatusLine status retry=Callback::new(move |()| refresh())/>
            <ul id="org-tree" class="rows">
                {move || rows().into_iter().map(|(depth, org)| view! { <OrgRow depth org/> }).collect_view()}
            </ul>
        </section>
    }
}

/// `#org-create`: name, kind, parent.
#[component]
fn OrgCreate() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let tree = expect_context::<Memo<OrgTree>>();
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new(api::wire_name(&OrgKind::Village));
    let first_root = tree.with_untracked(|t| t.roots().first().map(|o| o.id.to_string()));
    let parent = RwSignal::new(first_root.unwrap_or_default());
    let error = RwSignal::new(None::<Problem>);
    let created = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let parents = Signal::derive(move || tree.with(org_list::live));

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        created.set(None);
        let req = CreateOrg {
            name: name.get_untracked().trim().to_owned(),
            kind: api::from_wire_name(&kind.get_untracked()).unwrap_or(OrgKind::Village),
            parent_id: parent.get_untracked().parse::<Uuid>().ok(),
            pilot: false,
            venues: Vec::new(),
        };
        let checked = check_org_name(&req.name).and_then(|()| {
            tree.with_untracked(|t| t.check_create(req.kind, req.parent_id.as_ref()))
        });
        if let Err(e) = checked {
            error.set(Some(e.into()));
            return;
        }
        error.set(None);
        busy.set(true);
        run(
            auth,
            move |t| async move { api::create_org(&t, &req).await },
            move |r| {
                busy.try_set(false);
                match r {
                    Ok(org) => {
                        created.try_set(Some(org.name.clone()));
                        name.try_set(String::new());
                        auth.upsert_org(org);
                    }
                    Err(e) => {
                        error.try_set(Some(e.into()));
                    }
                }
            },
        );
    };
    let done = move || {
        created.get().map(|n| {
            let text = move || match lang.get() {
                Lang::Zh => format!("已创建：{n}"),
                Lang::En => format!("Created: {n}"),
            };
            view! { <p id="org-created" class="form-status form-status-ok" role="status">{text}</p> }
        })
    };
    view! {
        <section class="card" aria-labelledby="org-create-heading">
            <h2 id="org-create-heading">{zh_en(lang, "新建下级组织", "New organisation")}</h2>
            <form id="org-create" class="stack" novalidate on:submit=on_submit>
                <div class="field">
                    <label for="org-name">{zh_en(lang, "组织名称", "Name")}</label>
                    <input id="org-name" name="name" type="text" autocomplete="off" maxlength="60" bind:value=name/>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="org-kind">{zh_en(lang, "类型", "Kind")}</label>
                        <Choice id="org-kind" name="kind" options=&OrgKind::ALL
                            initial=OrgKind::Village label=OrgKind::name value=kind/>
                    </div>
                    <div class="field">
                        <label for="org-parent">{zh_en(lang, "上级组织", "Parent")}</label>
                        <OrgSelect id="org-parent" name="parent" options=parents chosen=parent
                            top=zh_en(lang, "（顶层）", "(top level)")/>
                    </div>
                </div>
                <ActionError error id="org-create-error"/>
                <button type="submit" class="button button-primary">{zh_en(lang, "创建", "Create")}</button>
                {done}
            </form>
        </section>
    }
}

/// One organisation: what it is, and its actions.
#[component]
fn OrgRow(depth: usize, org: Organisation) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let tree = expect_context::<Memo<OrgTree>>();
    let editing = RwSignal::new(false);
    let error = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let (id, kind, retired, pilot) = (org.id, org.kind, org.retired, org.pilot);
    // A refusal is about the tree as it was: it goes when the tree changes.
    Effect::new(move |first: Option<()>| {
        tree.track();
        if first.is_some() {
            error.set(None);
        }
    });

    let set_retired = move |retire: bool| {
        if retire {
            if let Err(e) = tree.with_untracked(|t| t.check_retire(&id)) {
                error.set(Some(e.into()));
                return;
            }
        }
        let req = UpdateOrg {
            retired: Some(retire),
            ..UpdateOrg::default()
        };
        busy.set(true);
        run(
            auth,
            move |t| async move { api::update_org(&t, id, &req).await },
            move |r| {
                busy.try_set(false);
                match r {
                    Ok(org) => auth.upsert_org(org),
                    Err(e) => {
                        error.try_set(Some(e.into()));
                    }
                }
            },
        );
    };
    // Retiring asks first, saying what happens; restoring needs no question.
    let confirming = RwSignal::new(false);
    let ask_or_restore = move |_| {
        if retired {
            set_retired(false);
        } else if let Err(e) = tree.with_untracked(|t| t.check_retire(&id)) {
            error.set(Some(e.into()));
        } else {
            confirming.set(true);
        }
    };
    let retire_button = view! {
        <button type="button" disabled=busy on:click=ask_or_restore
            class=if retired { "button button-small restore" } else { "button button-small retire" }>
            {if retired { zh_en(lang, "恢复", "Restore") } else { zh_en(lang, "撤销", "Retire") }}
        </button>
    };
    let org_name = org.name.clone();
    let question = move || {
        match lang.get() {
        Lang::Zh => format!(
            "撤销「{org_name}」后：它已有的记录全部保留，照常计入报表和导出；它的账号仍能登录、查看，但不能再为它新增或修改记录（手机上还没发出的改动会被拒绝，仍留在手机上可查看）；不能再在它下面新建组织或账号。以后可以随时恢复。确定撤销吗？"
        ),
        Lang::En => format!(
            "After retiring “{org_name}”: its entries all stay, counted in reports and exports as before; its accounts can still sign in and read, but can no longer record or edit for it (changes not yet sent from a phone are refused and stay visible there); nothing new can be created under it. It can be restored at any time. Retire it?"
        ),
    }
    };
    let confirm_box = view! {
        <Show when=move || confirming.get()>
            <div class="notice notice-warn retire-confirm" role="alertdialog">
                <p class="retire-question">{question.clone()}</p>
                <div class="button-row">
                    <button type="button" class="button button-small button-strong retire-yes"
                        on:click=move |_| { confirming.set(false); set_retired(true); }>
                        {zh_en(lang, "确定撤销", "Retire")}
                    </button>
                    <button type="button" class="button button-small button-secondary retire-no"
                        on:click=move |_| confirming.set(false)>
                        {zh_en(lang, "取消", "Cancel")}
                    </button>
                </div>
            </div>
        </Show>
    };
    view! {
        <li class=format!("org row depth-{}", depth.min(4)) data-id=id.to_string()
            data-retired=retired.to_string() data-pilot=pilot.to_string()>
            <div class="row-head">
                <span class="row-title org-name">{org.name.clone()}</span>
                <span class="row-meta">{move || kind.name(lang.get())}</span>
                {pilot.then(|| view! { <span class="badge badge-pilot">{zh_en(lang, "先行点", "Pilot")}</span> })}
                {retired.then(|| view! { <span class="badge badge-retired">{zh_en(lang, "已撤销", "Retired")}</span> })}
            </div>
            <div class="row-actions">
                <button type="button" class="button button-small edit" aria-expanded=move || editing.get().to_string()
                    on:click=move |_| editing.update(|e| *e = !*e)>
                    {zh_en(lang, "编辑", "Edit")}
                </button>
                {retire_button}
            </div>
            {confirm_box}
            <ActionError error/>
            <Show when=move || editing.get()>
                <OrgEditor org=org.clone() editing/>
            </Show>
        </li>
    }
}

/// Rename, move, pilot flag and venues of one organisation.
#[component]
fn OrgEditor(org: Organisation, editing: RwSignal<bool>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let tree = expect_context::<Memo<OrgTree>>();
    let id = org.id;
    let name = RwSignal::new(org.name.clone());
    let parent = RwSignal::new(org.parent_id.map(|p| p.to_string()).unwrap_or_default());
    let pilot = RwSignal::new(org.pilot);
    let venues = RwSignal::new(org.venues.clone());
    let error = RwSignal::new(None::<Problem>);
    // Where it may move: live organisations outside its own subtree.
    let parents = Signal::derive(move || {
        tree.with(|t| {
            org_list::live(t)
                .into_iter()
                .filter(|(p, _)| !t.is_within(p, &id))
                .collect()
        })
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let new_name = name.get_untracked().trim().to_owned();
        let new_parent = parent.get_untracked().parse::<Uuid>().ok();
        let new_venues = venues.get_untracked();
        let req = UpdateOrg {
            name: (new_name != org.name).then_some(new_name),
            parent_id: new_parent.filter(|p| Some(*p) != org.parent_id),
            pilot: (pilot.get_untracked() != org.pilot).then_some(pilot.get_untracked()),
            venues: (new_venues != org.venues).then_some(new_venues),
            retired: None,
        };
        let checked = req
            .name
            .as_deref()
            .map_or(Ok(()), check_org_name)
            .and_then(|()| {
                req.parent_id
                    .map_or(Ok(()), |p| tree.with_untracked(|t| t.check_move(&id, &p)))
            });
        if let Err(e) = checked {
            error.set(Some(e.into()));
            return;
        }
        if req == UpdateOrg::default() {
            editing.set(false);
            return;
        }
        run(
            auth,
            move |t| async move { api::update_org(&t, id, &req).await },
            move |r| match r {
                Ok(org) => auth.upsert_org(org),
                Err(e) => {
                    error.try_set(Some(e.into()));
                }
            },
        );
    };
    let venue_boxes = Venue::ALL
        .iter()
        .map(|&v| {
            let on = move || venues.with(|vs| vs.contains(&v));
            let toggle = move |_| {
                venues.update(|vs| match vs.iter().position(|x| *x == v) {
                    Some(i) => {
                        vs.remove(i);
                    }
                    None => vs.push(v),
                })
            };
            view! {
                <label class="check">
                    <input type="checkbox" class="org-venue" prop:checked=on on:change=toggle/>
                    {move || v.name(lang.get())}
                </label>
            }
        })
        .collect_view();
    let (name_id, parent_id) = (format!("rename-{id}"), format!("move-{id}"));
    view! {
        <form class="org-edit stack" novalidate on:submit=on_submit>
            <div class="field">
                <label for=name_id.clone()>{zh_en(lang, "名称", "Name")}</label>
                <input id=name_id class="org-rename" name="name" type="text" maxlength="60" bind:value=name/>
            </div>
            <div class="field">
                <label for=parent_id.clone()>{zh_en(lang, "移到上级组织", "Move under")}</label>
                <OrgSelect id=parent_id name="parent" class="org-move" options=parents chosen=parent
                    top=zh_en(lang, "（顶层，不可移到此处）", "(top level: not a move target)")/>
            </div>
            <label class="check">
                <input type="checkbox" class="org-pilot" name="pilot" bind:checked=pilot/>
                {zh_en(lang, "先行点", "Pilot site")}
            </label>
            <fieldset class="venues">
                <legend>{zh_en(lang, "阵地", "Venues")}</legend>
                {venue_boxes}
            </fieldset>
            <ActionError error/>
            <div class="row-actions">
                <button type="submit" class="button button-small button-strong save">{tr(lang, Text::Save)}</button>
                <button type="button" class="button button-small" on:click=move |_| editing.set(false)>
                    {tr(lang, Text::Cancel)}
                </button>
            </div>
        </form>
    }
}
