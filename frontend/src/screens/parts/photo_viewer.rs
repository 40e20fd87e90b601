//! The photo viewer: one of an entry's photos large, with its caption and
//! "2 / 3", previous and next, and close (the button, Escape, or a tap
//! outside the picture). The arrow keys step through the photos.

use super::photo_img::PhotoImg;
use crate::text::i18n::{zh_en, Lang};
use leptos::ev;
use leptos::prelude::*;
use shared::photo::PhotoRef;

/// The viewer over `photos`, open on `open`'s index while it is `Some`.
#[component]
pub fn PhotoViewer(
    /// The photos it steps through, in the entry's order.
    photos: StoredValue<Vec<PhotoRef>>,
    /// Which photo is shown; `None` closes the viewer.
    open: RwSignal<Option<usize>>,
    /// What the photos are of (the entry's title), for the image's text.
    #[prop(into)]
    title: String,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let count = photos.with_value(Vec::len);
    let step = move |by: isize| {
        open.update(|o| {
            if let Some(i) = o {
                *i = (*i as isize + by).rem_euclid(count.max(1) as isize) as usize;
            }
        });
    };
    let keys = window_event_listener(ev::keydown, move |e| {
        if open.get_untracked().is_none() {
            return;
        }
        match e.key().as_str() {
            "Escape" => open.set(None),
            "ArrowLeft" => step(-1),
            "ArrowRight" => step(1),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
    let title = StoredValue::new(title);
    move || {
        let i = open.get()?;
        let photo = photos.with_value(|p| p.get(i).cloned())?;
        let caption = photo.caption.trim().to_owned();
        let alt = if caption.is_empty() {
            title.with_value(|t| format!("{t} {}", i + 1))
        } else {
            caption.clone()
        };
        Some(view! {
            <div id="photo-viewer" class="photo-viewer" role="dialog" aria-modal="true"
                aria-label=move || lang.get().pick("照片", "Photo")
                on:click=move |_| open.set(None)>
                <figure class="photo-viewer-figure" on:click=|e| e.stop_propagation()>
                    <PhotoImg sha256=photo.sha256.clone() alt class="photo-viewer-img"/>
                    <figcaption id="photo-viewer-caption">
                        <span class="photo-viewer-count">{format!("{} / {count}", i + 1)}</span>
                        " " {caption}
                    </figcaption>
                </figure>
                <div class="photo-viewer-controls" on:click=|e| e.stop_propagation()>
                    <Show when=move || { count > 1 }>
                        <button id="photo-prev" type="button" class="button button-secondary"
                            on:click=move |_| step(-1)>{zh_en(lang, "上一张", "Previous")}</button>
                        <button id="photo-next" type="button" class="button button-secondary"
                            on:click=move |_| step(1)>{zh_en(lang, "下一张", "Next")}</button>
                    </Show>
                    <button id="photo-close" type="button" class="button button-primary"
                        on:click=move |_| open.set(None)>{zh_en(lang, "关闭", "Close")}</button>
                </div>
            </div>
        })
    }
}
