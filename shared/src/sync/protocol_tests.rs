//! What an older app makes of a newer server's refusals: reasons it does not
//! know decode, count as refused for good, and the queue moves on.

use super::*;
use crate::access::Denied;
use crate::catalogue_default::default_catalogue;
use crate::date::LocalDate;
use crate::device::{DeviceStore, EntryStatus, MemoryKv};
use crate::fixtures::sample_entry;
use crate::lang::Lang;

/// A push answer of a newer server refusing three changes: by a validation
/// rule this build does not know (beside one it knows), by an access reason
/// it does not know, and by a kind of refusal it does not know.
const NEWER_SERVER_ANSWER: &str = r#"{
  "receipts": [
    {"seq": 1, "status": "rejected", "reason": {"kind": "invalid", "errors": [
      {"rule": "title_repeats_the_kind", "field": "title", "kind": "lecture"},
      {"rule": "too_long", "field": "note", "max": 2000}]}},
    {"seq": 2, "status": "rejected",
     "reason": {"kind": "not_permitted", "denied": "organisation_frozen"}},
    {"seq": 3, "status": "rejected", "reason": {"kind": "over_quota", "limit": 500}}
  ],
  "last_applied": 3
}"#;

fn unknown_reasons() -> [RejectReason; 3] {
    [
        RejectReason::Invalid {
            errors: vec![
                ValidationError::Unknown,
                ValidationError::TooLong {
                    field: EntryField::Note,
                    max: 2000,
                },
            ],
        },
        RejectReason::NotPermitted {
            denied: Denied::Unknown,
        },
        RejectReason::Unknown,
    ]
}

#[test]
fn reasons_this_build_does_not_know_decode_as_unknown() {
    let resp: PushResponse = serde_json::from_str(NEWER_SERVER_ANSWER).unwrap();
    let reasons: Vec<RejectReason> = resp
        .receipts
        .iter()
        .map(|r| match &r.outcome {
            Outcome::Rejected { reason } => reason.clone(),
            other => panic!("not a refusal: {other:?}"),
        })
        .collect();
    assert_eq!(reasons, unknown_reasons());
}

#[test]
fn unknown_reasons_are_refusals_for_good_and_the_queue_moves_on() {
    let today: LocalDate = "2026-11-29".parse().unwrap();
    let catalogue = default_catalogue();
    let mut store = DeviceStore::open(MemoryKv::new(), "jg1", || Uuid::from_u128(7)).unwrap();
    for n in 1..=3 {
        store.add(sample_entry(n), &catalogue, today).unwrap();
    }
    let resp: PushResponse = serde_json::from_str(NEWER_SERVER_ANSWER).unwrap();
    let summary = store.apply_response(&resp, 1).unwrap();
    assert_eq!(summary.rejected, 3);
    assert_eq!(store.pending_count(), 0, "nothing is sent again");
    assert_eq!(store.next_batch(10).unwrap(), None);

    // Each entry stays on the phone, marked for a person, with its reason.
    for (n, reason) in (1..=3).zip(unknown_reasons()) {
        let local = store.get(&sample_entry(n).id).unwrap();
        assert_eq!(store.status(local), EntryStatus::NeedsAttention { reason });
    }
    // The next change goes out behind them.
    store.add(sample_entry(4), &catalogue, today).unwrap();
    let batch = store.next_batch(10).unwrap().unwrap();
    assert_eq!(batch.changes.iter().map(|c| c.seq).collect::<Vec<_>>(), [4]);

    // Reopened from storage, the refusal is still there.
    let kv = store.kv().clone();
    let reopened = DeviceStore::open(kv, "jg1", || Uuid::from_u128(8)).unwrap();
    let local = reopened.get(&sample_entry(3).id).unwrap();
    assert_eq!(
        reopened.status(local),
        EntryStatus::NeedsAttention {
            reason: RejectReason::Unknown
        }
    );
}

#[test]
fn unknown_reasons_tell_the_person_to_update_the_app() {
    let catalogue = default_catalogue();
    for (lang, word) in [(Lang::Zh, "更新应用"), (Lang::En, "update the app")] {
        let rule = ValidationError::Unknown.message(lang, &catalogue, "lecture");
        assert!(rule.contains(word), "{rule}");
        let denied = Denied::Unknown.message(lang);
        assert!(denied.contains(word), "{denied}");
    }
}
