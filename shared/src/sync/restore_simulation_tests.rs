//! The whole protocol again, now with backups taken and the server restored
//! from the last one at random moments (what was in flight is lost with the
//! stopped server), interleaved with the devices' creates, edits, deletes,
//! settlements, reloads and the faulty network. After the network heals and
//! everyone syncs (three rounds: a device ahead re-bases the server in one,
//! the others pull what it restored in the next):
//! - every number of every device is taken exactly once (a restoration
//!   stands for the ones the server lost), none is waiting;
//! - every device holds exactly the server's entries (content and version)
//!   and the server's unsettled conflicts: no entry twice, none on a device
//!   alone but the ones the server refused;
//! - every entry a device had a receipt for is on the server, with the
//!   content that device last gave it or a later one in server order (a
//!   write of another device after it, or a conflict that kept its value).
//!
//! What is out of reach by design: a conflict the server recorded after the
//! backup is gone with it (the devices that had pulled it forget it when
//! they pull again from the start); the entry keeps the value it had. And
//! an edit of another device's entry that reaches the restored server
//! before that device gave the entry back is refused as an edit of an
//! unknown entry: it stays on its phone as "needs attention", with its
//! content, for the person to save again (the phone then holds her version,
//! not the server's, which is all this property lets it differ in).

use super::*;

fn op_with_restores() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => op(),
        1 => Just(Op::Backup),
        1 => Just(Op::Restore),
    ]
}

/// Each device's entries with a receipt for its own last write, and that
/// write's content: what must survive a restoration.
fn acknowledged(world: &World) -> Vec<(usize, Entry)> {
    let mut out = Vec::new();
    for (d, store) in world.devices.iter().enumerate() {
        for local in store.entries() {
            let own = local.seq > 0 && local.seq <= store.meta().acked_seq;
            if own && matches!(local.outcome, Some(Outcome::Applied { .. })) {
                out.push((d, local.entry.clone()));
            }
        }
    }
    out
}

/// An edit that reached the restored server before the entry's author gave
/// the entry back was refused (`NotFound`): it waits on its phone, visible,
/// for a person to save it again (nothing is lost; see the module comment).
fn waits_for_a_person(store: &DeviceStore<MemoryKv>, local: &crate::device::LocalEntry) -> bool {
    matches!(
        store.status(local),
        EntryStatus::NeedsAttention {
            reason: crate::sync::protocol::RejectReason::NotFound
        }
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn a_server_restored_from_a_backup_is_re_based_and_converges(
        ops in proptest::collection::vec(op_with_restores(), 1..120)
    ) {
        let mut world = World::new();
        // What each device held as received, last seen before the heal.
        let mut held: BTreeMap<(usize, Uuid), Entry> = BTreeMap::new();
        for op in ops {
            world.step(op);
            for (d, entry) in acknowledged(&world) {
                held.insert((d, entry.id), entry);
            }
        }
        world.heal(3);
        let server = &world.server;

        let taken = numbers_taken(&server.log);
        prop_assert!(taken.values().all(|&n| n == 1), "a number taken twice");
        for store in &world.devices {
            prop_assert_eq!(store.pending_count(), 0);
            prop_assert_eq!(store.meta().restore_from, None);
            let sent = store.meta().next_seq - 1;
            prop_assert_eq!(server.last_applied(&store.device_id()), sent);
            let mine = taken.keys().filter(|(d, _)| *d == store.device_id()).count() as u64;
            prop_assert_eq!(mine, sent, "a number of the device not taken");
        }

        let unsettled: Vec<_> = server.conflicts.values()
            .filter(|c| c.resolved_by.is_none()).map(|c| c.key).collect();
        for store in &world.devices {
            for held in server.entries.values() {
                let local = store.get(&held.entry.id);
                prop_assert!(local.is_some(), "an entry missing on a device");
                let local = local.unwrap_or_else(|| unreachable!());
                if !waits_for_a_person(store, local) {
                    prop_assert_eq!(&local.entry, &held.entry);
                }
                prop_assert_eq!(local.version, Some(held.version));
            }
            for local in store.entries() {
                if !server.entries.contains_key(&local.entry.id) {
                    let refused = matches!(store.status(local), EntryStatus::NeedsAttention { .. });
                    prop_assert!(refused, "an entry the server does not know");
                }
            }
            let keys: Vec<_> = store.conflicts().map(|c| c.key).collect();
            prop_assert_eq!(&keys, &unsettled);
        }

        // Every acknowledged entry is there, each field as its device last
        // gave it, or written later by another device (which the entry's
        // stamp says), or kept in a conflict.
        for ((d, id), entry) in &held {
            let on_server = server.entries.get(id);
            prop_assert!(on_server.is_some(), "device {}'s acknowledged {} is lost", d, id);
            let on_server = on_server.unwrap_or_else(|| unreachable!());
            let device = world.devices[*d].device_id();
            for field in EntryField::ALL {
                if on_server.entry.same_field(entry, field) {
                    continue;
                }
                let value = entry.field_value(field);
                let by_other = on_server.stamp(field).device_id != device;
                let kept = server.conflicts.values().any(|c| {
                    c.conflict.entry_id == *id && c.conflict.field == field && c.conflict.lost == value
                });
                let later_own = server.log.iter().any(|t| {
                    t.device_id == device
                        && t.change_no == on_server.stamp(field).change_no
                });
                prop_assert!(
                    by_other || kept || later_own,
                    "device {}'s {:?} of {} is lost", d, field, id
                );
            }
        }
    }
}
