//! The signed-in account's app: its own device store and sync driver, who is
//! signed in, and the screens (tabs) its role may use.

use super::auth_problem::AuthProblemBanner;
use super::header::Header;
use super::office::OfficeScreen;
use crate::logic::sync_outcome::NetState;
use crate::platform::api;
use crate::screens::history::History;
use crate::screens::home::Home;
use crate::screens::record::{EntryForm, KindPicker};
use crate::state::ledger::Ledger;
use crate::state::nav::{Nav, Screen};
use crate::state::session::Auth;
use crate::state::sync::SyncDriver;
use crate::text::i18n::{t, tr, Lang, Text};
use leptos::prelude::*;
use shared::access::Principal;
use shared::device::StoreError;
use shared::org::OrgTree;

/// The tabs: which screen each opens, its id and its words.
fn tabs() -> [(Screen, &'static str, Text); 9] {
    [
        (Screen::Home, "tab-home", Text::TabRecord),
        (Screen::History, "tab-history", Text::TabHistory),
        (Screen::Reports, "tab-reports", Text::TabReports),
        (Screen::Server, "tab-server", Text::TabServer),
        (Screen::Orgs, "tab-orgs", Text::TabOrgs),
        (Screen::Users, "tab-users", Text::TabUsers),
        (Screen::Devices, "tab-devices", Text::TabDevices),
        (Screen::Audit, "tab-audit", Text::TabAudit),
        (Screen::Catalogue, "tab-catalogue", Text::TabCatalogue),
    ]
}

/// The tab a screen belongs to (the record flow is part of the home tab).
fn tab_of(screen: &Screen) -> Screen {
    match screen {
        Screen::PickKind | Screen::Record { .. } => Screen::Home,
        Screen::Edit { .. } => Screen::History,
        other => other.clone(),
    }
}

/// Everything behind the sign-in, for the account `username`.
#[component]
pub fn Workspace(
    /// The signed-in account (normalised): names its device store.
    username: String,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let ledger = Ledger::open(&username);
    let sync = SyncDriver::new(ledger, auth);
    let tree = Memo::new(move |_| auth.tree());
    let who = Memo::new(move |_| auth.principal());
    let catalogue = RwSignal::new(crate::state::catalogue::load());
    let nav = Nav::new();
    nav.listen();
    provide_context(ledger);
    provide_context(sync);
    provide_context(nav);
    provide_context(catalogue);
    provide_context::<Memo<OrgTree>>(tree);
    provide_context::<Memo<Principal>>(who);
    // The history's filters live as long as the account's workspace: opening
    // an entry, editing it and coming back finds them as they were.
    provide_context(RwSignal::new(
        crate::logic::history_filter::HistoryFilters::default(),
    ));
    provide_context(crate::screens::history::ServerMonth::new());
    let photos = crate::state::photos::Photos::new(&username, auth);
    provide_context(photos);
    photos.start();
    crate::state::photo_upload::Uploader::follow(photos, ledger, sync);

    if ledger.open_error().is_none() {
        sync.start();
    }
    crate::state::catalogue::follow_sync(sync.view(), auth, catalogue);
    // A new token (signed in again after an expiry): sync resumes by itself.
    Effect::new(move |prev: Option<Option<String>>| {
        let token = auth.token_tracked();
        if prev.is_some_and(|p| p != token) {
            sync.request();
        }
        token
    });
    // The organisations, the role and the catalogue may have changed since
    // the last start.
    if window().navigator().on_line() {
        if let Some(token) = auth.token() {
            crate::state::catalogue::refresh(token.clone(), catalogue);
            crate::platform::task::spawn(async move {
                if let Ok(me) = auth.observe(api::me(&token).await) {
                    auth.set_me(me);
                }
            });
        }
    }

    let is_admin = Signal::derive(move || who.get().is_admin());
    // A role that changes under an open admin screen closes it.
    Effect::new(move |_| {
        if !is_admin.get() && nav.screen.with_untracked(Screen::admin_only) {
            nav.go(Screen::Home);
        }
    });
    let tab_buttons = tabs()
        .into_iter()
        .map(|(which, id, text)| {
            let admin_only = which.admin_only();
            let shown = move || !admin_only || is_admin.get();
            let target = which.clone();
            let selected = move || {
                if nav.screen.with(|s| tab_of(s) == which) {
                    "true"
                } else {
                    "false"
                }
            };
            view! {
                <Show when=shown>
                    <button id=id type="button" role="tab" class="tab" aria-selected=selected.clone()
                        on:click={
                            let target = target.clone();
                            move |_| nav.go(target.clone())
                        }>
                        {tr(lang, text)}
                    </button>
                </Show>
            }
        })
        .collect_view();
    let screen = {
        let username = username.clone();
        move || match nav.screen.get() {
            Screen::Home => view! { <Home username=username.clone()/> }.into_any(),
            Screen::PickKind => view! { <KindPicker username=username.clone()/> }.into_any(),
            Screen::Record { kind } => {
                view! { <EntryForm username=username.clone() kind/> }.into_any()
            }
            Screen::Edit { id } => {
                view! { <EntryForm username=username.clone() editing=id/> }.into_any()
            }
            Screen::History => view! { <History/> }.into_any(),
            // The office's screens come in a wasm chunk of their own.
            office => view! { <OfficeScreen screen=office/> }.into_any(),
        }
    };

    view! {
        <Header>
            <AccountBar/>
        </Header>
        <main class="page" class:page-wide=move || nav.screen.with(|s| *s == Screen::Reports)>
            <AuthProblemBanner pending=Signal::derive(move || ledger.read(|s| s.pending_count()).unwrap_or(0)) username/>
            <nav class="tabs" role="tablist" aria-label=tr(lang, Text::TabsLabel)
                class:tabs-admin=is_admin>
                {tab_buttons}
            </nav>
            <div class="tab-panel" role="tabpanel">{screen}</div>
        </main>
    }
}

/// Who is signed in (name, role, organisation), changing her password, and
/// the sign-out button.
#[component]
fn AccountBar() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let ledger = expect_context::<Ledger>();
    let tree = expect_context::<Memo<OrgTree>>();
    let name = Signal::derive(move || {
        auth.with_me(|me| me.user.display_name.clone())
            .unwrap_or_default()
    });
    let role_org = Signal::derive(move || {
        let l = lang.get();
        auth.with_me(|me| {
            let org = tree.with(|t| crate::logic::org_list::name_of(t, &me.user.org_id, l));
            format!("{} · {}", me.user.role.name(l), org)
        })
        .unwrap_or_default()
    });
    let sync = expect_context::<SyncDriver>().view();
    let leave = move || {
        // Counted before: what is not on the server stays on the phone.
        let unsynced = ledger.unsynced();
        let _ = ledger.write(|s| Ok::<_, StoreError>(s.forget_synced()));
        auth.sign_out(unsynced);
    };
    // Without a network she cannot sign in again until there is one: ask
    // first, saying how many entries wait.
    let asking = RwSignal::new(false);
    let sign_out = move |_| {
        if sync.with_untracked(|v| v.net() == NetState::Online) {
            leave();
        } else {
            asking.set(true);
        }
    };
    let question = move || {
        let waiting = ledger.read(|s| s.pending_count()).unwrap_or(0);
        match lang.get() {
            Lang::Zh => format!("现在没有网络：退出后要等联网才能再次登录。本机还有 {waiting} 条改动等待发送，退出后仍保存在本机。确定退出吗？"),
            Lang::En if waiting == 1 => "There is no network: after signing out you can only sign in again once there is one. 1 change waits to be sent; it stays on this phone. Sign out?".to_owned(),
            Lang::En => format!("There is no network: after signing out you can only sign in again once there is one. {waiting} changes wait to be sent; they stay on this phone. Sign out?"),
        }
    };
    // The password form, and the line said once after a change.
    let changing = RwSignal::new(false);
    let changed = RwSignal::new(false);
    let open_change = move |_| {
        changed.set(false);
        changing.update(|c| *c = !*c);
    };
    let close_change = Callback::new(move |()| changing.set(false));
    let saved_change = Callback::new(move |()| {
        changing.set(false);
        changed.set(true);
    });
    view! {
        <div class="account-bar">
            <p id="account" class="account">
                <strong class="account-name">{name}</strong>
                " " <span class="account-role">{role_org}</span>
            </p>
            <button id="change-password-open" type="button" class="signout" on:click=open_change>
                {move || lang.get().pick("改密码", "Password")}
            </button>
            <button id="signout" type="button" class="signout" on:click=sign_out>
                {move || t(lang.get(), Text::SignOut)}
            </button>
        </div>
        <Show when=move || changing.get()>
            <super::change_password::ChangePasswordForm saved=saved_change cancel=close_change/>
        </Show>
        <Show when=move || changed.get()>
            <p id="password-changed" class="notice" role="status">{move || lang.get().pick(
                "密码已修改。其他手机需要用新密码重新登录。",
                "Password changed. Other devices must sign in again with the new one.",
            )}</p>
        </Show>
        <Show when=move || asking.get()>
            <div id="signout-confirm" class="notice notice-warn signout-confirm" role="alertdialog"
                aria-labelledby="signout-question">
                <p id="signout-question">{question}</p>
                <div class="button-row">
                    <button id="signout-yes" type="button" class="button button-small button-strong"
                        on:click=move |_| { asking.set(false); leave(); }>
                        {move || t(lang.get(), Text::SignOut)}
                    </button>
                    <button id="signout-no" type="button" class="button button-small button-secondary"
                        on:click=move |_| asking.set(false)>
                        {move || t(lang.get(), Text::Cancel)}
                    </button>
                </div>
            </div>
        </Show>
    }
}
