//! The sync status bar: what waits, when it last went through, what failed.

use crate::logic::sync_outcome::{NetState, SyncView};
use crate::state::ledger::Ledger;
use crate::state::photos::Photos;
use crate::state::sync::SyncDriver;
use crate::text::errors;
use crate::text::i18n::{t, tr, Lang, Text};
use crate::text::moments;
use leptos::prelude::*;

/// Pending count, last sync, the network (the browser's word and the last
/// request's fate), the sync button and the last failure.
#[component]
pub fn SyncStatus() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let sync = expect_context::<SyncDriver>();
    let photos = expect_context::<Photos>();
    // Photos follow the text: how many of the entries' photos wait here.
    let photos_waiting = Memo::new(move |_| photos.waiting(&Photos::listed(ledger)));
    let photos_text = move || match lang.get() {
        Lang::Zh => format!("照片：{} 张待上传", photos_waiting.get()),
        Lang::En => format!("Photos: {} waiting to upload", photos_waiting.get()),
    };
    let state = sync.view();
    let net_state = Signal::derive(move || state.with(SyncView::net));
    let offline = Signal::derive(move || net_state.get() != NetState::Online);
    let net_code = Signal::derive(move || match net_state.get() {
        NetState::Offline => "offline",
        NetState::Unreachable => "unreachable",
        NetState::Online => "online",
    });
    let busy = Signal::derive(move || state.with(|v| v.syncing));
    let waiting = Signal::derive(move || ledger.read(|s| s.pending_count() > 0).unwrap_or(false));
    let pending =
        Signal::derive(move || ledger.read(|s| s.pending_count()).unwrap_or(0).to_string());
    let last_sync =
        Signal::derive(
            move || match ledger.read(|s| s.meta().last_sync_ms).flatten() {
                Some(ms) => moments::describe_moment(ms, lang.get()),
                None => t(lang.get(), Text::NeverSynced).to_owned(),
            },
        );
    let net = Signal::derive(move || {
        t(
            lang.get(),
            match net_state.get() {
                NetState::Offline => Text::Offline,
                NetState::Unreachable => Text::Unreachable,
                NetState::Online => Text::Online,
            },
        )
    });
    let button = Signal::derive(move || {
        t(
            lang.get(),
            if busy.get() {
                Text::Syncing
            } else {
                Text::SyncNow
            },
        )
    });
    let aria_busy = Signal::derive(move || if busy.get() { "true" } else { "false" });
    let problem = Signal::derive(move || {
        state.with(|v| {
            v.problem
                .as_ref()
                .map(|e| errors::sync_error(e, lang.get()))
        })
    });

    let progress = move || {
        state
            .with(|v| v.progress)
            .map(|(sent, total)| match lang.get() {
                Lang::Zh => format!("正在同步：已发送 {sent} / {total} 条改动"),
                Lang::En => format!("Syncing: {sent} of {total} changes sent"),
            })
    };
    let clock_off = move || {
        state.with(|v| v.clock_off_ms).map(|ms| {
            let minutes = ms.abs() / 60_000;
            match (lang.get(), ms > 0) {
                (Lang::Zh, true) => format!("手机时间比服务器慢约 {minutes} 分钟，请检查手机的日期和时间设置。"),
                (Lang::Zh, false) => format!("手机时间比服务器快约 {minutes} 分钟，请检查手机的日期和时间设置。"),
                (Lang::En, true) => format!("This phone's clock is about {minutes} minutes behind the server's; please check its date and time."),
                (Lang::En, false) => format!("This phone's clock is about {minutes} minutes ahead of the server's; please check its date and time."),
            }
        })
    };

    view! {
        <section class="card sync" aria-label=tr(lang, Text::SyncRegion)>
            <div class="sync-stats">
                <div class="stat" class:stat-waiting=waiting>
                    <span class="stat-value" id="pending-count">{pending}</span>
                    <span class="stat-label">{tr(lang, Text::Pending)}</span>
                </div>
                <div class="stat">
                    <span class="stat-value stat-time" id="last-sync">{last_sync}</span>
                    <span class="stat-label">{tr(lang, Text::LastSync)}</span>
                </div>
                <div class="stat">
                    <span id="net" class="net" class:net-offline=offline data-net=net_code>
                        <span class="net-dot" aria-hidden="true"></span>
                        {net}
                    </span>
                </div>
            </div>
            <button
                id="sync-now"
                type="button"
                class="button button-secondary"
                aria-busy=aria_busy
                on:click=move |_| sync.sync_now()
            >
                {button}
            </button>
            <Show when=move || photos_waiting.get() != 0>
                <p id="photos-waiting" class="hint photo-count" data-count=move || photos_waiting.get().to_string()>{photos_text}</p>
            </Show>
            <Show when=move || state.with(|v| v.progress.is_some())>
                <p id="sync-progress" class="hint" role="status">{progress}</p>
            </Show>
            <Show when=move || problem.with(Option::is_some)>
                <p id="sync-error" class="sync-error" role="alert">{problem}</p>
            </Show>
            <Show when=move || state.with(|v| v.clock_off_ms.is_some())>
                <p id="clock-warning" class="notice notice-warn" role="status">{clock_off}</p>
            </Show>
        </section>
    }
}
