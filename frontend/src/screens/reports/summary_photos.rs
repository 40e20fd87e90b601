//! Picking photos for the Word summary: the period's entries that have
//! photos (from the server's listing, within the report's organisation),
//! each photo a thumbnail (opening the viewer) with a box to pick it; a
//! picked photo is numbered 图n in the order picked and its caption can be
//! edited. The picks live in the draft (`SummaryText::photos`), so they are
//! kept with it and sent with it.

use crate::platform::api;
use crate::screens::parts::photo_img::PhotoImg;
use crate::screens::parts::server_call::online;
use crate::screens::parts::PhotoViewer;
use crate::state::session::Auth;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::listing::DatedQuery;
use shared::org::OrgTree;
use shared::report::build::Report;
use shared::report::wire::{PickedPhoto, SummaryText, MAX_SUMMARY_PHOTOS};
use shared::Entry;

/// Pages of the listing read at most (500 entries each): past that, the
/// office narrows the period.
const MAX_PAGES: usize = 4;

/// The photo picker of the summary editor.
#[component]
pub fn PhotoPicker(
    /// The report whose period and organisation the photos come from.
    report: StoredValue<Report>,
    /// The draft whose `photos` are the picks.
    draft: RwSignal<SummaryText>,
    /// Keeps the draft on this computer after a change.
    keep: Callback<()>,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let auth = expect_context::<Auth>();
    let tree = expect_context::<Memo<OrgTree>>();
    let entries = RwSignal::new(Vec::<Entry>::new());
    let said = RwSignal::new(None::<String>);
    if online() {
        if let Some(token) = auth.token() {
            let (period, root) = report.with_value(|r| (r.query.period, r.query.root));
            crate::platform::task::spawn(async move {
                let mut query = Some(DatedQuery {
                    limit: Some(shared::listing::LISTING_MAX_PAGE),
                    ..DatedQuery::first(Some(period))
                });
                let mut found = Vec::new();
                let mut pages = 0;
                while let Some(q) = query.take() {
                    let page = match auth.observe(api::entries_by_date(&token, &q).await) {
                        Ok(page) => page,
                        Err(e) => {
                            let l = lang.get_untracked();
                            said.try_set(Some(crate::text::errors::api_error(&e, l)));
                            return;
                        }
                    };
                    pages += 1;
                    query = q.next(&page).filter(|_| pages < MAX_PAGES);
                    found.extend(
                        page.entries
                            .into_iter()
                            .map(|s| s.entry)
                            .filter(|e| !e.photos.is_empty() && !e.deleted)
                            .filter(|e| tree.with_untracked(|t| t.is_within(&e.org_id, &root))),
                    );
                }
                entries.try_set(found);
            });
        }
    }
    let picked_index =
        move |sha: &str| draft.with(|d| d.photos.iter().position(|p| p.sha256 == sha));
    let toggle = move |sha: String, caption: String| {
        draft.update(|d| match d.photos.iter().position(|p| p.sha256 == sha) {
            Some(i) => {
                d.photos.remove(i);
            }
            None if d.photos.len() < MAX_SUMMARY_PHOTOS => {
                d.photos.push(PickedPhoto {
                    sha256: sha,
                    caption,
                });
            }
            None => {}
        });
        keep.run(());
    };
    let set_caption = move |sha: String, caption: String| {
        draft.update(|d| {
            if let Some(p) = d.photos.iter_mut().find(|p| p.sha256 == sha) {
                p.caption = caption;
            }
        });
        keep.run(());
    };
    let entry_view = move |e: Entry| {
        let open = RwSignal::new(None::<usize>);
        let photos = StoredValue::new(e.photos.clone());
        let title = e.title.clone();
        let items = e
            .photos
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let default_caption = if p.caption.trim().is_empty() {
                    title.clone()
                } else {
                    p.caption.trim().to_owned()
                };
                let sha = p.sha256.clone();
                let sha_pick = sha.clone();
                let sha_check = sha.clone();
                let sha_caption = sha.clone();
                let sha_number = sha.clone();
                let sha_value = sha.clone();
                let number = move || picked_index(&sha_number).map(|n| format!("图{}", n + 1));
                let caption_value = move || {
                    draft.with(|d| {
                        d.photos
                            .iter()
                            .find(|x| x.sha256 == sha_value)
                            .map(|x| x.caption.clone())
                            .unwrap_or_default()
                    })
                };
                view! {
                    <li class="photo-pick-item">
                        <button type="button" class="photo-thumb" on:click=move |_| open.set(Some(i))
                            aria-label=move || lang.get().pick("查看照片", "View photo")>
                            <PhotoImg sha256=p.thumb_sha256.clone() alt=default_caption.clone() lazy=true/>
                        </button>
                        <label class="photo-pick-label">
                            <input type="checkbox" class="photo-pick" data-sha256=sha.clone()
                                prop:checked=move || picked_index(&sha_check).is_some()
                                on:change=move |_| toggle(sha_pick.clone(), default_caption.clone())/>
                            <span>{move || number().unwrap_or_else(|| lang.get().pick("选用", "Use").to_owned())}</span>
                        </label>
                        <Show when=move || picked_index(&sha).is_some()>
                            <input type="text" class="photo-caption" maxlength="200"
                                aria-label=move || lang.get().pick("图片说明", "Caption")
                                prop:value=caption_value.clone()
                                on:input:target={
                                    let sha = sha_caption.clone();
                                    move |ev| set_caption(sha.clone(), ev.target().value())
                                }/>
                        </Show>
                    </li>
                }
            })
            .collect_view();
        view! {
            <li class="photo-pick-entry">
                <p class="entry-meta">{e.title.clone()} " · " {e.date.to_string()}</p>
                <ul class="photo-strip">{items}</ul>
                <PhotoViewer photos open title/>
            </li>
        }
    };
    view! {
        <fieldset id="summary-photos" class="field summary-photos no-print">
            <legend class="label">{zh_en(lang, "附图（从本期记录中选择，按选择顺序编为图1、图2…）",
                "Pictures (from this period's entries, numbered 图1, 图2… in the order picked)")}</legend>
            <p class="form-status" role="status">{move || said.get()}</p>
            <Show when=move || entries.with(Vec::is_empty)>
                <p class="hint">{zh_en(lang, "本期记录中没有照片。", "No entry of this period has photos.")}</p>
            </Show>
            <ul class="photo-pick-entries">
                {move || entries.get().into_iter().map(entry_view).collect_view()}
            </ul>
        </fieldset>
    }
}
