//! 账号 (admin): a new account (the server makes a one-time password, shown
//! once here), the accounts, and resetting a password.

use super::choice::Choice;
use super::setup::SetupImport;
use crate::logic::admin_problem::Problem;
use crate::logic::org_list;
use crate::platform::api;
use crate::screens::parts::server_call::{load, run, ActionError, Status, StatusLine};
use crate::screens::parts::OrgSelect;
use crate::state::session::Auth;
use crate::text::i18n::{zh_en, Lang};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use shared::access::Role;
use shared::account::{check_display_name, normalise_username, CreateUser, CreatedUser, UserInfo};
use shared::org::OrgTree;
use uuid::Uuid;

/// The screen.
#[component]
pub fn UserAdmin() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let users = RwSignal::new(Vec::<UserInfo>::new());
    let status = RwSignal::new(Status::Loading);
    // The last one-time password made (new account or reset), shown once.
    let otp = RwSignal::new(None::<CreatedUser>);
    let refresh = move || load(auth, status, users, |t| async move { api::users(&t).await });
    refresh();
    provide_context(otp);
    provide_context(users);
    view! {
        <OneTimePassword/>
        <UserCreate/>
        <SetupImport/>
        <section class="card" aria-labelledby="users-heading">
            <h2 id="users-heading">{zh_en(lang, "账号", "Accounts")}
                <span class="count">{move || users.with(Vec::len).to_string()}</span>
            </h2>
            <StatusLine status retry=Callback::new(move |()| refresh())/>
            <ul id="user-list" class="rows">
                {move || users.get().into_iter().map(|user| view! { <UserRow user/> }).collect_view()}
            </ul>
        </section>
    }
}

/// The one-time password just made, with how to hand it over.
#[component]
fn OneTimePassword() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let otp = expect_context::<RwSignal<Option<CreatedUser>>>();
    move || {
        otp.get().and_then(|created| {
            let password = created.one_time_password?;
            let user = created.user;
            let who = move || match lang.get() {
                Lang::Zh => format!("{}（{}）的一次性密码：", user.display_name, user.username),
                Lang::En => format!("One-time password of {} ({}):", user.display_name, user.username),
            };
            Some(view! {
                <section id="otp-box" class="card otp" role="status" data-user-id=user.id.to_string()>
                    <p>{who}</p>
                    <p id="one-time-password" class="otp-value">{password}</p>
                    <p class="otp-note">{zh_en(lang,
                        "请当面交给本人，只显示一次。",
                        "Hand it over in person; it is shown only once.")}</p>
                    <button id="otp-done" type="button" class="button button-secondary" on:click=move |_| otp.set(None)>
                        {zh_en(lang, "已交给本人", "Handed over")}
                    </button>
                </section>
            })
        })
    }
}

/// `#user-create`: username, name, role, organisation.
#[component]
fn UserCreate() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let tree = expect_context::<Memo<OrgTree>>();
    let otp = expect_context::<RwSignal<Option<CreatedUser>>>();
    let users = expect_context::<RwSignal<Vec<UserInfo>>>();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(api::wire_name(&Role::Cadre));
    let org = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let homes = Signal::derive(move || tree.with(org_list::live));

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let name = display_name.get_untracked().trim().to_owned();
        let checked = normalise_username(&username.get_untracked())
            .and_then(|u| check_display_name(&name).map(|()| u))
            .map_err(Problem::from)
            .and_then(|u| {
                let org_id = org
                    .get_untracked()
                    .parse::<Uuid>()
                    .map_err(|_| Problem::NoOrg)?;
                Ok((u, org_id))
            });
        let (username_ok, org_id) = match checked {
            Ok(ok) => ok,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let role = api::from_wire_name(&role.get_untracked()).unwrap_or(Role::Cadre);
        let req = CreateUser {
            username: username_ok,
            display_name: name,
            role,
            org_id,
            password: None,
        };
        error.set(None);
        busy.set(true);
        run(
            auth,
            move |t| async move { api::create_user(&t, &req).await },
            move |r| {
                busy.try_set(false);
                match r {
                    Ok(created) => {
                        users.try_update(|list| list.push(created.user.clone()));
                        username.try_set(String::new());
                        display_name.try_set(String::new());
                        otp.try_set(Some(created));
                    }
                    Err(e) => {
                        error.try_set(Some(e.into()));
                    }
                }
            },
        );
    };
    view! {
        <section class="card" aria-labelledby="user-create-heading">
            <h2 id="user-create-heading">{zh_en(lang, "新建账号", "New account")}</h2>
            <form id="user-create" class="stack" novalidate on:submit=on_submit>
                <div class="field-row">
                    <div class="field">
                        <label for="new-username">{zh_en(lang, "用户名", "Username")}</label>
                        <input id="new-username" name="username" type="text" autocomplete="off"
                            autocapitalize="none" spellcheck="false" maxlength="32" bind:value=username/>
                    </div>
                    <div class="field">
                        <label for="new-display-name">{zh_en(lang, "姓名", "Name")}</label>
                        <input id="new-display-name" name="display_name" type="text" autocomplete="off"
                            maxlength="40" bind:value=display_name/>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="new-role">{zh_en(lang, "角色", "Role")}</label>
                        <Choice id="new-role" name="role" options=&Role::ALL
                            initial=Role::Cadre label=Role::name value=role/>
                    </div>
                    <div class="field">
                        <label for="new-org">{zh_en(lang, "所属组织", "Organisation")}</label>
                        <OrgSelect id="new-org" name="org" options=homes chosen=org
                            top=zh_en(lang, "请选择", "Choose…")/>
                    </div>
                </div>
                <p class="hint">{zh_en(lang,
                    "创建后系统生成一次性密码，只显示一次。",
                    "A one-time password is made and shown once.")}</p>
                <ActionError error id="user-create-error"/>
                <button type="submit" class="button button-primary">{zh_en(lang, "创建账号", "Create account")}</button>
            </form>
        </section>
    }
}

/// One account, with its password reset.
#[component]
fn UserRow(user: UserInfo) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let tree = expect_context::<Memo<OrgTree>>();
    let otp = expect_context::<RwSignal<Option<CreatedUser>>>();
    let error = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let (id, role, org_id) = (user.id, user.role, user.org_id);
    let meta = move || {
        let l = lang.get();
        let org = tree.with(|t| org_list::name_of(t, &org_id, l));
        format!("{} · {} · {}", user.username, role.name(l), org)
    };
    let reset = move |_| {
        busy.set(true);
        error.set(None);
        run(
            auth,
            move |t| async move { api::reset_password(&t, id).await },
            move |r| {
                busy.try_set(false);
                match r {
                    Ok(created) => {
                        otp.try_set(Some(created));
                        // The password is shown at the top of the screen.
                        window().scroll_to_with_x_and_y(0.0, 0.0);
                    }
                    Err(e) => {
                        error.try_set(Some(e.into()));
                    }
                }
            },
        );
    };
    view! {
        <li class="user row" data-id=id.to_string() data-disabled=user.disabled.to_string()>
            <div class="row-head">
                <span class="row-title">{user.display_name.clone()}</span>
                {user.disabled.then(|| view! { <span class="badge badge-retired">{zh_en(lang, "已停用", "Disabled")}</span> })}
            </div>
            <p class="row-meta">{meta}</p>
            <div class="row-actions">
                <button type="button" class="button button-small reset-password" disabled=busy on:click=reset>
                    {zh_en(lang, "重置密码", "Reset password")}
                </button>
            </div>
            <ActionError error/>
        </li>
    }
}
