//! The office's screens (报表, the server listing, the admin screens), split
//! into a wasm chunk of their own so that a cadre's first load carries only
//! what she needs to sign in, record and sync.
//!
//! `scripts/build-frontend.sh` cuts the chunk out at `office_screen` with
//! `wasm-split-cli` (wasm_split_cli_support). The chunk is fetched the first
//! time one of these screens opens; the service worker precaches it once the
//! first screen is shown, so the offline report works on a cadre's phone. A
//! chunk that cannot be fetched (offline before it was cached) is said as a
//! sentence with a retry, never a panic: the split point is `fallible`.

use crate::screens::admin::{AuditLog, CatalogueEditor, DeviceList, OrgAdmin, UserAdmin};
use crate::screens::history::ServerEntries;
use crate::screens::reports::Reports;
use crate::state::nav::Screen;
use crate::text::i18n::{t, Lang, Text};
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};

/// The office's chunk could not be fetched or started.
#[derive(Debug, thiserror::Error)]
#[error("the office's screens could not be loaded: {0}")]
pub struct OfficeLoadError(String);

impl From<SplitLoaderError> for OfficeLoadError {
    fn from(err: SplitLoaderError) -> Self {
        OfficeLoadError(format!("{err:?}"))
    }
}

/// The view of one office screen; everything only it reaches lives in the
/// `office` chunk. Any other screen gives `None` (the workspace mounts those
/// itself).
#[wasm_split(office, wasm_split_path = ::leptos::wasm_split, fallible)]
fn office_screen(screen: Screen) -> Result<Option<AnyView>, OfficeLoadError> {
    Ok(match screen {
        Screen::Reports => Some(view! { <Reports/> }.into_any()),
        Screen::Server => Some(view! { <ServerEntries/> }.into_any()),
        Screen::Orgs => Some(view! { <OrgAdmin/> }.into_any()),
        Screen::Users => Some(view! { <UserAdmin/> }.into_any()),
        Screen::Devices => Some(view! { <DeviceList/> }.into_any()),
        Screen::Audit => Some(view! { <AuditLog/> }.into_any()),
        Screen::Catalogue => Some(view! { <CatalogueEditor/> }.into_any()),
        _ => None,
    })
}

/// One of the office's screens: "正在加载…" while its chunk comes, then the
/// screen, or why it could not come and a button to try again.
#[component]
pub fn OfficeScreen(screen: Screen) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    // Bumped by 重试: a failed fetch is not remembered by the loader.
    let attempt = RwSignal::new(0u32);
    move || {
        attempt.track();
        let screen = screen.clone();
        view! {
            <Suspense fallback=move || view! {
                <p id="office-loading" class="notice" role="status">{move || t(lang.get(), Text::Loading)}</p>
            }>
                {Suspend::new(async move {
                    match office_screen(screen).await {
                        Ok(Some(view)) => view,
                        Ok(None) => ().into_any(),
                        Err(err) => {
                            leptos::logging::warn!("{err}");
                            view! { <OfficeLoadFailed retry=move || attempt.update(|a| *a += 1)/> }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        }
    }
}

/// Said when the chunk could not be fetched: most often the phone is offline
/// and this build's office screens were not cached yet.
#[component]
fn OfficeLoadFailed(retry: impl Fn() + 'static) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    view! {
        <div id="office-load-failed" class="notice notice-warn" role="alert">
            <p>{move || lang.get().pick(
                "这一页还没有保存到本机，需要联网加载一次。请连接网络后重试。",
                "This page is not on this phone yet: it must be loaded once with a network. Connect and try again.",
            )}</p>
            <button id="office-retry" type="button" class="button button-small" on:click=move |_| retry()>
                {move || lang.get().pick("重试", "Try again")}
            </button>
        </div>
    }
}
