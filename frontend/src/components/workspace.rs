//! The signed-in account's app: its own device store and sync driver, who is
//! signed in, and the screens (tabs) its role may use.

use crate::api;
use crate::components::admin::{AuditLog, DeviceList, OrgAdmin, UserAdmin};
use crate::components::{
    AuthProblemBanner, EntryForm, EntryList, Header, ServerEntries, StorageNotice, SyncStatus,
};
use crate::i18n::{t, tr, Lang, Text};
use crate::ledger::Ledger;
use crate::session::Auth;
use crate::sync::SyncDriver;
use leptos::prelude::*;
use shared::access::{Principal, Role};
use shared::org::OrgTree;

/// A screen of the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Record,
    Server,
    Orgs,
    Users,
    Devices,
    Audit,
}

impl Tab {
    const ALL: [(Tab, &'static str, Text); 6] = [
        (Tab::Record, "tab-record", Text::TabRecord),
        (Tab::Server, "tab-server", Text::TabServer),
        (Tab::Orgs, "tab-orgs", Text::TabOrgs),
        (Tab::Users, "tab-users", Text::TabUsers),
        (Tab::Devices, "tab-devices", Text::TabDevices),
        (Tab::Audit, "tab-audit", Text::TabAudit),
    ];

    fn admin_only(self) -> bool {
        !matches!(self, Tab::Record | Tab::Server)
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
    provide_context(ledger);
    provide_context(sync);
    provide_context::<Memo<OrgTree>>(tree);
    provide_context::<Memo<Principal>>(who);

    if ledger.open_error().is_none() {
        sync.start();
    }
    // A new token (signed in again after an expiry): sync resumes by itself.
    Effect::new(move |prev: Option<Option<String>>| {
        let token = auth.token_tracked();
        if prev.is_some_and(|p| p != token) {
            sync.request();
        }
        token
    });
    // The organisations and the role may have changed since the last start.
    if window().navigator().on_line() {
        if let Some(token) = auth.token() {
            crate::spawn(async move {
                if let Ok(me) = auth.observe(api::me(&token).await) {
                    auth.set_me(me);
                }
            });
        }
    }

    let tab = RwSignal::new(Tab::Record);
    let is_admin = Signal::derive(move || who.get().is_admin());
    // A role that changes under an open admin screen closes it.
    Effect::new(move |_| {
        if !is_admin.get() && tab.get_untracked().admin_only() {
            tab.set(Tab::Record);
        }
    });
    let tabs = Tab::ALL
        .iter()
        .map(|&(which, id, text)| {
            let shown = move || !which.admin_only() || is_admin.get();
            let selected = move || if tab.get() == which { "true" } else { "false" };
            view! {
                <Show when=shown>
                    <button id=id type="button" role="tab" class="tab" aria-selected=selected
                        on:click=move |_| tab.set(which)>
                        {tr(lang, text)}
                    </button>
                </Show>
            }
        })
        .collect_view();
    let screen = move || match tab.get() {
        Tab::Record => ().into_any(),
        Tab::Server => view! { <ServerEntries/> }.into_any(),
        Tab::Orgs => view! { <OrgAdmin/> }.into_any(),
        Tab::Users => view! { <UserAdmin/> }.into_any(),
        Tab::Devices => view! { <DeviceList/> }.into_any(),
        Tab::Audit => view! { <AuditLog/> }.into_any(),
    };
    let record_form = {
        let username = username.clone();
        move || {
            if who.get().role == Role::Viewer {
                view! { <section class="card"><p class="hint">{tr(lang, Text::ReadOnly)}</p></section> }
                    .into_any()
            } else {
                view! { <EntryForm username=username.clone()/> }.into_any()
            }
        }
    };

    view! {
        <Header>
            <AccountBar/>
        </Header>
        <main class="page">
            <AuthProblemBanner pending=Signal::derive(move || ledger.pending()) username/>
            <nav class="tabs" role="tablist" aria-label=tr(lang, Text::TabsLabel)
                class:tabs-admin=is_admin>
                {tabs}
            </nav>
            <div class="tab-panel" hidden=move || tab.get() != Tab::Record>
                <StorageNotice/>
                <SyncStatus/>
                {record_form}
                <EntryList/>
            </div>
            {screen}
        </main>
    }
}

/// Who is signed in (name, role, organisation) and the sign-out button.
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
            let org = tree.with(|t| crate::orgs::name_of(t, &me.user.org_id, l));
            format!("{} · {}", me.user.role.name(l), org)
        })
        .unwrap_or_default()
    });
    let sign_out = move |_| {
        // Counted before: what is not on the server stays on the phone.
        let unsynced = ledger.unsynced();
        ledger.forget_synced();
        auth.sign_out(unsynced);
    };
    view! {
        <div class="account-bar">
            <p id="account" class="account">
                <strong class="account-name">{name}</strong>
                " " <span class="account-role">{role_org}</span>
            </p>
            <button id="signout" type="button" class="signout" on:click=sign_out>
                {move || t(lang.get(), Text::SignOut)}
            </button>
        </div>
    }
}
