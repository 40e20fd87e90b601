//! A draft per kind of what was typed into a new entry's form and not saved
//! (left by ‹ 返回, a tab or the phone's back button), offered back the next
//! time a form of that kind opens. Under `jg:u:<username>:draft:<kind>`,
//! best effort: a full storage loses the draft, never an entry.

use crate::logic::form::FormInput;
use crate::platform::storage::{self, namespace};

fn key(username: &str, kind: &str) -> String {
    format!("{}:draft:{kind}", namespace(username))
}

/// The draft of `kind`, if one was kept.
pub fn load(username: &str, kind: &str) -> Option<FormInput> {
    storage::get_raw(&key(username, kind))
        .and_then(|raw| serde_json::from_str::<FormInput>(&raw).ok())
        .filter(|d| d.kind == kind)
}

/// Keeps `typed` as the draft of its kind if it holds anything beyond what
/// a new form starts with (`fresh`); otherwise forgets the draft.
pub fn keep(username: &str, typed: &FormInput, fresh: &FormInput) {
    if worth_keeping(typed, fresh) {
        if let Ok(raw) = serde_json::to_string(typed) {
            storage::set_raw(&key(username, &typed.kind), &raw);
        }
    } else {
        clear(username, &typed.kind);
    }
}

/// Forgets the draft of `kind` (it was saved, or thrown away).
pub fn clear(username: &str, kind: &str) {
    storage::remove_raw(&key(username, kind));
}

/// Whether `typed` holds something a person typed: anything but the
/// organisation (chosen for her when the form opens) differs from `fresh`.
pub fn worth_keeping(typed: &FormInput, fresh: &FormInput) -> bool {
    let mut same_org = typed.clone();
    same_org.org = fresh.org.clone();
    same_org != *fresh
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> FormInput {
        FormInput {
            kind: "lecture".into(),
            title: "宣讲活动".into(),
            date: "2026-12-06".into(),
            level: "village".into(),
            ..FormInput::default()
        }
    }

    #[test]
    fn an_untouched_form_is_no_draft() {
        let mut opened = fresh();
        opened.org = "01900000-0000-7000-8000-000000000010".into();
        assert!(!worth_keeping(&opened, &fresh()));
    }

    #[test]
    fn anything_typed_is_a_draft() {
        let mut typed = fresh();
        typed.counts.insert("participants".into(), "4".into());
        assert!(worth_keeping(&typed, &fresh()));
        let mut typed = fresh();
        typed.note = "下次补照片".into();
        assert!(worth_keeping(&typed, &fresh()));
    }

    #[test]
    fn a_draft_round_trips_and_older_ones_without_new_fields_still_read() {
        let mut typed = fresh();
        typed.place = "二组活动室".into();
        let raw = serde_json::to_string(&typed).unwrap();
        assert_eq!(serde_json::from_str::<FormInput>(&raw).unwrap(), typed);
        let old: FormInput = serde_json::from_str(r#"{"kind":"lecture","title":"x"}"#).unwrap();
        assert_eq!(old.kind, "lecture");
    }
}
