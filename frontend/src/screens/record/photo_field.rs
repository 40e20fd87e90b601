//! The form's photos: taken with the camera or picked from the gallery, up
//! to `MAX_PHOTOS`, compressed and kept on the phone at once
//! (`state::photos`), shown as thumbnails with their upload state, a
//! caption each, moved left or right, removed. The list is a field of the
//! entry like any other; the bytes wait in IndexedDB. Where this browser
//! cannot keep photos, it says so and the entry still saves.

use super::entry_fields::FieldErrors;
use crate::logic::form::{FieldError, FormInput};
use crate::platform::task;
use crate::state::photos::{AddProblem, Availability, Photos};
use crate::text::i18n::{zh_en, Lang};
use leptos::ev::Event;
use leptos::prelude::*;
use shared::photo::reference::{MAX_CAPTION_CHARS, MAX_PHOTOS};
use shared::photo::store::{PhotoStoreError, Sending};
use shared::validate::Field;
use wasm_bindgen::JsCast;

/// The photo field of the entry form.
#[component]
pub fn PhotoField(
    /// The form's content: its `photos` are this field.
    input: RwSignal<FormInput>,
    /// The form's problems (a photo's message shows here).
    problems: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let photos = expect_context::<Photos>();
    let trouble = RwSignal::new(None::<AddProblem>);
    let count = move || input.with(|i| i.photos.len());
    let full = move || count() >= MAX_PHOTOS;
    let unavailable = move || photos.available.get() == Availability::No;
    let busy = move || photos.busy.get() > 0;

    let on_pick = move |ev: Event| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = el.files() else {
            return;
        };
        let room = MAX_PHOTOS.saturating_sub(count());
        let files: Vec<web_sys::File> = (0..list.length())
            .filter_map(|i| list.get(i))
            .take(room)
            .collect();
        // The same file may be picked again later.
        el.set_value("");
        trouble.set(None);
        task::spawn(async move {
            for file in files {
                photos.busy.update(|b| *b += 1);
                let added = photos.add_file(file.into()).await;
                photos.busy.update(|b| *b = b.saturating_sub(1));
                match added {
                    Ok(p) => input.update(|i| {
                        if i.photos.len() < MAX_PHOTOS
                            && !i.photos.iter().any(|q| q.sha256 == p.sha256)
                        {
                            i.photos.push(p);
                        }
                    }),
                    Err(e) => trouble.set(Some(e)),
                }
            }
        });
    };

    let trouble_text = move || {
        trouble.get().map(|e| {
            let l = lang.get();
            match e {
                AddProblem::Store(PhotoStoreError::Full { .. }) => l.pick(
                    "手机存储空间不足，这张照片没有保存。已有的记录和照片不受影响。",
                    "The phone's storage is full: this photo was not kept. Entries and other photos are not affected.",
                ),
                AddProblem::Store(PhotoStoreError::Unavailable(_)) => l.pick(
                    "这个浏览器不能在本机保存照片。",
                    "This browser cannot keep photos on the phone.",
                ),
                AddProblem::Picture(_) => l.pick(
                    "这个文件无法作为照片读取，请换一张。",
                    "This file cannot be read as a photo; please pick another.",
                ),
            }
        })
    };
    let storage_text = move || {
        photos.estimate.get().map(|e| {
            let mb = |b: u64| b / 1_000_000;
            match lang.get() {
                Lang::Zh => format!("本机存储：已用 {} MB，共 {} MB", mb(e.usage), mb(e.quota)),
                Lang::En => format!(
                    "Storage on this phone: {} MB used of {} MB",
                    mb(e.usage),
                    mb(e.quota)
                ),
            }
        })
    };
    let keys = move || {
        input.with(|i| {
            i.photos
                .iter()
                .map(|p| p.sha256.clone())
                .collect::<Vec<_>>()
        })
    };

    view! {
        <fieldset class="field photo-field" id="photos-field">
            <legend>{zh_en(lang, "照片（可选，最多 9 张）", "Photos (optional, up to 9)")}</legend>
            <Show when=unavailable>
                <p id="photos-unavailable" class="notice notice-warn" role="status">
                    {zh_en(lang,
                        "这个浏览器不能在本机保存照片（可能是无痕/隐私浏览或应用内浏览器）。记录照常保存，只是不含照片。",
                        "This browser cannot keep photos on the phone (perhaps a private window or an in-app browser). Entries save as usual, without photos.")}
                </p>
            </Show>
            <ul class="photo-list" id="photo-list">
                <For each=keys key=|sha| sha.clone() let:sha>
                    <PhotoItem sha input/>
                </For>
            </ul>
            <Show when=move || !unavailable() && !full()>
                <div class="photo-pick-row">
                    <label class="button button-small button-secondary photo-pick">
                        {zh_en(lang, "拍照", "Camera")}
                        <input id="photo-camera" type="file" accept="image/*" capture="environment"
                            class="visually-hidden" on:change=on_pick/>
                    </label>
                    <label class="button button-small button-secondary photo-pick">
                        {zh_en(lang, "从相册选择", "From the gallery")}
                        <input id="photo-input" type="file" accept="image/*" multiple
                            class="visually-hidden" on:change=on_pick/>
                    </label>
                </div>
            </Show>
            <Show when=busy>
                <p id="photos-busy" class="hint" role="status">{zh_en(lang, "正在压缩照片…", "Compressing photos…")}</p>
            </Show>
            <p id="photos-trouble" class="field-error" role="alert">{trouble_text}</p>
            <p id="photos-storage" class="hint">{storage_text}</p>
            <FieldErrors field=Field::Photos problems/>
        </fieldset>
    }
}

/// One photo of the form: thumbnail, state, caption, move and remove.
#[component]
fn PhotoItem(sha: String, input: RwSignal<FormInput>) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let photos = expect_context::<Photos>();
    let index = {
        let sha = sha.clone();
        Memo::new(move |_| input.with(|i| i.photos.iter().position(|p| p.sha256 == sha)))
    };
    let photo = Memo::new(move |_| {
        index
            .get()
            .and_then(|n| input.with(|i| i.photos.get(n).cloned()))
    });
    let thumb = move || photo.get().and_then(|p| photos.thumb_url(&p));
    let record = Memo::new(move |_| photo.get().and_then(|p| photos.record(&p)));
    let state = move || {
        record.get().map_or("elsewhere", |r| match r.sending {
            Sending::Partly {
                photo: 0, thumb: 0, ..
            } => "local",
            Sending::Partly { .. } => "uploading",
            Sending::Uploaded { .. } => "uploaded",
            Sending::Refused { .. } => "refused",
        })
    };
    let label = move || {
        record
            .get()
            .map(|r| r.label(lang.get()))
            .unwrap_or_default()
    };
    let caption = move || photo.get().map(|p| p.caption).unwrap_or_default();
    let n = move || index.get().map_or(0, |i| i + 1);
    let last = move || input.with(|i| i.photos.len());
    let shift = move |by: isize| {
        if let Some(i) = index.get() {
            input.update(|f| {
                let j = i as isize + by;
                if j >= 0 && (j as usize) < f.photos.len() {
                    f.photos.swap(i, j as usize);
                }
            });
        }
    };
    let remove = move |_| {
        if let Some(i) = index.get() {
            input.update(|f| {
                f.photos.remove(i);
            });
        }
    };
    let set_caption = move |ev: Event| {
        let value = event_target_value(&ev);
        if let Some(i) = index.get() {
            input.update(|f| {
                if let Some(p) = f.photos.get_mut(i) {
                    p.caption = value;
                }
            });
        }
    };
    let alt = move || match lang.get() {
        Lang::Zh => format!("图{}", n()),
        Lang::En => format!("Photo {}", n()),
    };

    view! {
        <li class="photo-item" data-sha=sha.clone() data-state=state>
            <div class="photo-frame">
                <img class="photo-field-thumb" src=thumb alt=alt/>
                <span class="photo-state">{label}</span>
            </div>
            <input class="photo-caption" type="text" maxlength=MAX_CAPTION_CHARS
                placeholder=zh_en(lang, "图片说明（可不填）", "Caption (optional)")
                aria-label=move || match lang.get() {
                    Lang::Zh => format!("图{}的说明", n()),
                    Lang::En => format!("Caption of photo {}", n()),
                }
                prop:value=caption on:input=set_caption/>
            <div class="photo-actions">
                <button type="button" class="button button-small photo-left" disabled=move || index.get() == Some(0)
                    aria-label=zh_en(lang, "左移", "Move left") on:click=move |_| shift(-1)>"‹"</button>
                <button type="button" class="button button-small photo-right" disabled=move || index.get().map(|i| i + 1) == Some(last())
                    aria-label=zh_en(lang, "右移", "Move right") on:click=move |_| shift(1)>"›"</button>
                <button type="button" class="button button-small button-danger photo-remove"
                    on:click=remove>{zh_en(lang, "删除", "Remove")}</button>
            </div>
        </li>
    }
}
