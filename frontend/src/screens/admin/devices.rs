//! 设备 (admin): the registered phones grouped by account, each with its
//! model and last sync (a phone not synced for days may lose its storage),
//! revoking / restoring one, and an account's never-synced sign-ins of one
//! browser said in one line and revoked together; then a phone's backup
//! imported (`backup_import`).

use super::backup_import::BackupImport;
use crate::logic::admin_problem::Problem;
use crate::platform::{admin_api, api};
use crate::screens::parts::server_call::{load, run, ActionError, Status, StatusLine};
use crate::state::session::Auth;
use crate::text::i18n::{zh_en, Lang};
use crate::text::moments;
use leptos::prelude::*;
use shared::account::DeviceInfo;
use shared::device_groups::{group_by_account, AccountDevices, RepeatedSignIns};
use uuid::Uuid;

/// The screen.
#[component]
pub fn DeviceList() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let devices = RwSignal::new(Vec::<DeviceInfo>::new());
    let status = RwSignal::new(Status::Loading);
    let refresh = move || {
        load(
            auth,
            status,
            devices,
            |t| async move { api::devices(&t).await },
        )
    };
    refresh();
    provide_context(devices);
    let stale = move || devices.with(|d| d.iter().filter(|d| d.stale && !d.revoked).count());
    let stale_note = move || {
        let n = stale();
        (n > 0).then(|| {
            let text = move || match lang.get() {
                Lang::Zh => format!("有 {n} 部手机超过5天没有同步：浏览器可能清除它们上面未同步的记录，请提醒本人联网同步。"),
                Lang::En => format!("{n} phones have not synced for over 5 days: the browser may clear their unsynced entries; remind their owners to sync."),
            };
            view! { <p class="notice notice-warn" role="status">{text}</p> }
        })
    };
    view! {
        <section class="card" aria-labelledby="devices-heading">
            <h2 id="devices-heading">{zh_en(lang, "设备", "Devices")}
                <span class="count">{move || devices.with(Vec::len).to_string()}</span>
            </h2>
            <StatusLine status retry=Callback::new(move |()| refresh())/>
            {stale_note}
            <div id="device-list">
                {move || devices.with(|list| group_by_account(list).into_iter().map(|a| account_view(a, refresh)).collect_view())}
            </div>
        </section>
        <BackupImport/>
    }
}

/// One account: its name and latest sync, its phones, its repeated sign-ins.
fn account_view(
    account: AccountDevices<'_>,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let last = account.last_sync_ms;
    let synced = move || {
        let l = lang.get();
        last.map_or_else(
            || l.pick("从未同步", "never synced").to_owned(),
            |ms| {
                format!(
                    "{}{}",
                    l.pick("最近同步：", "Last sync: "),
                    moments::days_ago(ms, l)
                )
            },
        )
    };
    let user = account.user_id;
    let repeated = account
        .repeated
        .iter()
        .map(|r| repeated_view(r, user, refresh))
        .collect_view();
    let phones: Vec<DeviceInfo> = account.devices.iter().map(|d| (*d).clone()).collect();
    view! {
        <section class="device-account" data-username=account.username.to_owned()>
            <h3 class="row-title">{account.username.to_owned()} " " <span class="row-meta">{synced}</span></h3>
            <ul class="rows">
                {phones.into_iter().map(|device| view! { <DeviceRow device/> }).collect_view()}
                {repeated}
            </ul>
        </section>
    }
}

/// "同一浏览器登录 N 次，从未同步", and revoking them together.
fn repeated_view(
    r: &RepeatedSignIns<'_>,
    user: Uuid,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let error = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let (zh, en) = (r.explanation(Lang::Zh), r.explanation(Lang::En));
    let label = r.label.to_owned();
    let revoke_all = move |_| {
        busy.set(true);
        run(
            auth,
            move |t| async move { admin_api::revoke_never_synced(&t, user).await },
            move |r| {
                busy.try_set(false);
                match r {
                    Ok(_) => refresh(),
                    Err(e) => {
                        error.try_set(Some(e.into()));
                    }
                }
            },
        );
    };
    view! {
        <li class="device row repeated-sign-ins">
            <div class="row-head">
                <span class="row-meta">{label}</span>
            </div>
            <p class="row-meta repeated-explained">{move || if lang.get() == Lang::Zh { zh.clone() } else { en.clone() }}</p>
            <p class="hint">{zh_en(lang,
                "多半是浏览器清除了数据或用了无痕窗口后又登录。停用后这些登录失效，该账号其他从未同步的设备也一并停用。",
                "Most likely the browser lost its data (or a private window) and she signed in again. Revoking ends these sign-ins, with the account's other never-synced devices.")}</p>
            <div class="row-actions">
                <button type="button" class="button button-small button-danger revoke-never-synced"
                    disabled=busy on:click=revoke_all>{zh_en(lang, "全部停用", "Revoke all")}</button>
            </div>
            <ActionError error/>
        </li>
    }
}

/// One phone: whose, which, last sync, and its switch.
#[component]
fn DeviceRow(device: DeviceInfo) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let devices = expect_context::<RwSignal<Vec<DeviceInfo>>>();
    let error = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let (id, revoked, stale, last) = (device.id, device.revoked, device.stale, device.last_sync_ms);
    let synced = move || {
        let l = lang.get();
        let when = last.map_or_else(
            || l.pick("从未同步", "never").to_owned(),
            |ms| moments::days_ago(ms, l),
        );
        format!("{}{when}", l.pick("上次同步：", "Last sync: "))
    };
    let set_revoked = move |revoke: bool| {
        busy.set(true);
        error.set(None);
        run(
            auth,
            move |t| async move { api::set_device_revoked(&t, id, revoke).await },
            move |r| {
                busy.try_set(false);
                match r {
                    Ok(info) => {
                        devices.try_update(|list| {
                            if let Some(d) = list.iter_mut().find(|d| d.id == info.id) {
                                *d = info;
                            }
                        });
                    }
                    Err(e) => {
                        error.try_set(Some(e.into()));
                    }
                }
            },
        );
    };
    let button = view! {
        <button type="button" disabled=busy on:click=move |_| set_revoked(!revoked)
            class=if revoked { "button button-small restore" } else { "button button-small button-danger revoke" }>
            {if revoked { zh_en(lang, "恢复", "Restore") } else { zh_en(lang, "停用", "Revoke") }}
        </button>
    };
    let label = if device.label.is_empty() {
        "—".to_owned()
    } else {
        device.label.clone()
    };
    view! {
        <li class="device row" data-id=id.to_string() data-stale=stale.to_string()
            data-revoked=revoked.to_string()>
            <div class="row-head">
                <span class="row-title">{device.username.clone()}</span>
                <span class="row-meta">{label}</span>
                {revoked.then(|| view! { <span class="badge badge-retired">{zh_en(lang, "已停用", "Revoked")}</span> })}
            </div>
            <p class="row-meta" class:row-stale=stale>{synced}</p>
            {stale.then(|| view! {
                <p class="stale-warning" role="note">{zh_en(lang,
                    "⚠ 超过5天未同步，手机上的记录可能被浏览器清除",
                    "⚠ Not synced for over 5 days: the browser may clear its entries")}</p>
            })}
            <div class="row-actions">{button}</div>
            <ActionError error/>
        </li>
    }
}
