//! 设备 (admin): every registered phone, when it last synced (a phone not
//! synced for days may lose its storage), and revoking / restoring it.

use crate::logic::admin_problem::Problem;
use crate::platform::api;
use crate::screens::parts::server_call::{load, run, ActionError, Status, StatusLine};
use crate::state::session::Auth;
use crate::text::i18n::{zh_en, Lang};
use crate::text::moments;
use leptos::prelude::*;
use shared::account::DeviceInfo;

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
            <ul id="device-list" class="rows">
                {move || devices.get().into_iter().map(|device| view! { <DeviceRow device/> }).collect_view()}
            </ul>
        </section>
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
