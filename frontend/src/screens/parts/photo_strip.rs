//! An entry's photos in a list: a row of thumbnails (loaded when seen),
//! each opening the viewer on its photo.

use super::photo_img::PhotoImg;
use super::photo_viewer::PhotoViewer;
use crate::text::i18n::Lang;
use leptos::prelude::*;
use shared::photo::PhotoRef;

/// The thumbnails of `photos`; nothing when there are none.
#[component]
pub fn PhotoStrip(
    /// The entry's photos, in its order.
    photos: Vec<PhotoRef>,
    /// The entry's title (the images' text when a photo has no caption).
    #[prop(into)]
    title: String,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    if photos.is_empty() {
        return None;
    }
    let open = RwSignal::new(None::<usize>);
    let thumbs = photos
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let alt = if p.caption.trim().is_empty() {
                format!("{title} {}", i + 1)
            } else {
                p.caption.trim().to_owned()
            };
            let label = move || match lang.get() {
                Lang::Zh => format!("查看第{}张照片", i + 1),
                Lang::En => format!("View photo {}", i + 1),
            };
            view! {
                <li>
                    <button type="button" class="photo-thumb" aria-label=label
                        on:click=move |_| open.set(Some(i))>
                        <PhotoImg sha256=p.thumb_sha256.clone() alt lazy=true/>
                    </button>
                </li>
            }
        })
        .collect_view();
    let photos = StoredValue::new(photos);
    Some(view! {
        <ul class="photo-strip">{thumbs}</ul>
        <PhotoViewer photos open title/>
    })
}
