//! Conflicts waiting for a person: a field two phones changed without seeing
//! each other's change. The entry kept the later value; the other is shown
//! here beside it, and either can be chosen. The choice is an ordinary edit
//! (if the other value is taken) followed by the settlement, both synced to
//! every phone of the organisation.

use crate::logic::org_list;
use crate::platform::clock;
use crate::state::ledger::Ledger;
use crate::state::sync::SyncDriver;
use crate::text::entry_words::{field_text, kind_title};
use crate::text::errors;
use crate::text::i18n::{zh_en, Lang};
use leptos::prelude::*;
use shared::catalogue::Catalogue;
use shared::entry::EntryField;
use shared::org::OrgTree;
use shared::sync::protocol::ConflictRecord;

/// The conflicts on this phone, if any.
#[component]
pub fn ConflictsCard() -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let conflicts = Memo::new(move |_| {
        ledger
            .read(|s| s.conflicts().cloned().collect::<Vec<_>>())
            .unwrap_or_default()
    });
    view! {
        <Show when=move || conflicts.with(|c| !c.is_empty())>
            <section id="conflicts" class="card conflicts" aria-labelledby="conflicts-heading">
                <h2 id="conflicts-heading">
                    {zh_en(lang, "需要确认的修改", "Changes to settle")}
                    <span class="count">{move || conflicts.with(Vec::len)}</span>
                </h2>
                <p class="hint">{zh_en(lang,
                    "两部手机同时改了同一处。记录里现在是后同步的值，请选择保留哪一个。",
                    "Two phones changed the same thing at once. The entry now holds the value synced last; choose which to keep.")}</p>
                <ul class="conflict-list">
                    <For each=move || conflicts.get() key=|c: &ConflictRecord| c.key let:record>
                        <ConflictItem record/>
                    </For>
                </ul>
            </section>
        </Show>
    }
}

/// One conflict: the entry, the field, both values, the two choices.
#[component]
fn ConflictItem(record: ConflictRecord) -> impl IntoView {
    let lang = expect_context::<ReadSignal<Lang>>();
    let ledger = expect_context::<Ledger>();
    let sync = expect_context::<SyncDriver>();
    let catalogue = expect_context::<RwSignal<Catalogue>>();
    let tree = expect_context::<Memo<OrgTree>>();
    let failure = RwSignal::new(None::<String>);
    let conflict = record.conflict.clone();
    let field = conflict.field;
    let row = ledger.row(&conflict.entry_id);
    let title = row
        .as_ref()
        .map(|r| r.entry.title.clone())
        .unwrap_or_default();
    let texts = {
        let conflict = conflict.clone();
        move || {
            let l = lang.get();
            let entry = row.as_ref().map(|r| r.entry.clone())?;
            catalogue.with(|c| {
                tree.with(|t| {
                    let name = |id: &uuid::Uuid| org_list::name_of(t, id, l);
                    let kind = kind_title(c, &entry.kind, l);
                    let kept = field_text(c, &entry, field, &conflict.kept, l, name);
                    let lost = field_text(c, &entry, field, &conflict.lost, l, name);
                    Some((kind, kept, lost))
                })
            })
        }
    };
    let (kept_label, lost_label) = if field == EntryField::Deleted {
        (
            ("保持删除", "Keep it deleted"),
            ("恢复这条记录", "Restore the entry"),
        )
    } else {
        (
            ("保留现在的值", "Keep the current value"),
            ("改用另一个值", "Use the other value"),
        )
    };
    let (key, entry_id) = (record.key, conflict.entry_id);
    let lost = StoredValue::new(conflict.lost.clone());
    let settle = move |take_other: bool| {
        let result = (|| {
            if take_other {
                let mut entry = ledger
                    .row(&entry_id)
                    .map(|r| r.entry)
                    .ok_or(shared::device::AddError::NotFound)?;
                if field == EntryField::Deleted {
                    ledger.write(|s| s.set_deleted(&entry.id, false, clock::now_ms()))?;
                } else if lost.with_value(|v| entry.set_field_value(field, v)) {
                    catalogue.with_untracked(|c| ledger.edit(entry, c))?;
                }
            }
            ledger
                .write(|s| s.resolve(key))
                .map_err(shared::device::AddError::from)
        })();
        match result {
            Ok(()) => sync.request(),
            Err(e) => failure.set(Some(errors::add_error(&e, lang.get_untracked()))),
        }
    };
    let field_label = move || field.label(lang.get());
    view! {
        <li class="conflict" data-entry=conflict.entry_id.to_string() data-field=field.id()>
            <p class="conflict-what"><strong>{title}</strong> " · " {field_label}</p>
            {move || texts().map(|(kind, kept, lost)| view! {
                <p class="hint">{kind}</p>
                <dl class="conflict-values">
                    <dt>{zh_en(lang, "现在的值", "Current value")}</dt>
                    <dd class="conflict-kept">{kept}</dd>
                    <dt>{zh_en(lang, "另一部手机的值", "The other phone's value")}</dt>
                    <dd class="conflict-lost">{lost}</dd>
                </dl>
            })}
            <div class="conflict-actions">
                <button type="button" class="button button-small keep"
                    on:click=move |_| settle(false)>{zh_en(lang, kept_label.0, kept_label.1)}</button>
                <button type="button" class="button button-small button-strong use-other"
                    on:click=move |_| settle(true)>{zh_en(lang, lost_label.0, lost_label.1)}</button>
            </div>
            <Show when=move || failure.with(Option::is_some)>
                <p class="field-error" role="alert">{move || failure.get()}</p>
            </Show>
        </li>
    }
}
