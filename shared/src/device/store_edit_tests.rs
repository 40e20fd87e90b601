//! Edits, tombstones, the migration of the first layout, and the export file.

use super::*;
use crate::catalogue_default::default_catalogue;
use crate::device::test_server::{FakeServer, TODAY};
use crate::device::{
    AddError, DeviceExport, EntryStatus, ExportError, KeyValue, MemoryKv, SCHEMA_VERSION,
};
use crate::entry::EntryField;
use crate::fixtures::sample_entry;
use crate::sync::protocol::{ChangeOp, RejectReason};
use uuid::Uuid;

const NS: &str = "jg1";

fn open(kv: MemoryKv) -> DeviceStore<MemoryKv> {
    DeviceStore::open(kv, NS, || Uuid::from_u128(7)).unwrap()
}

fn add(store: &mut DeviceStore<MemoryKv>, n: u32) {
    store
        .add(
            sample_entry(n),
            &default_catalogue(),
            TODAY.parse().unwrap(),
        )
        .unwrap();
}

fn edit(store: &mut DeviceStore<MemoryKv>, e: crate::Entry) -> Result<(), AddError> {
    store.edit(e, &default_catalogue(), TODAY.parse().unwrap())
}

fn sync(store: &mut DeviceStore<MemoryKv>, server: &mut FakeServer) {
    while let Some(batch) = store.next_batch(50).unwrap() {
        store.mark_in_flight(batch.changes.last().unwrap().seq);
        let resp = server.push(&batch);
        store.apply_response(&resp, 1).unwrap();
    }
}

#[test]
fn an_edit_sends_only_the_changed_fields_from_the_known_version() {
    let (mut store, mut server) = (open(MemoryKv::new()), FakeServer::default());
    add(&mut store, 1);
    sync(&mut store, &mut server);
    let mut e = sample_entry(1);
    edit(&mut store, e.clone()).unwrap();
    assert_eq!(store.pending_count(), 0, "no change, nothing queued");

    e.title = "改过的名称".into();
    e.counts.insert("participants".into(), 99);
    edit(&mut store, e.clone()).unwrap();
    let batch = store.next_batch(10).unwrap().unwrap();
    let ChangeOp::Update {
        fields,
        base_version,
        entry,
    } = &batch.changes[0].op
    else {
        panic!("an update")
    };
    assert_eq!(fields, &vec![EntryField::Title, EntryField::Counts]);
    assert_eq!(*base_version, Some(1));
    assert_eq!(entry, &e);
    assert_eq!(
        store.status(store.get(&e.id).unwrap()),
        EntryStatus::OnDevice { failed_at_ms: None }
    );
    sync(&mut store, &mut server);
    assert_eq!(server.held(&e.id), (e.clone(), 2));
    // An edit's receipt may name a merge: only a pull makes it the base.
    assert_eq!(store.get(&e.id).unwrap().version, Some(1));
    server.pull_into(&mut store);
    assert_eq!(store.get(&e.id).unwrap().version, Some(2));
    assert_eq!(store.get(&e.id).unwrap().entry, e);

    // An invalid edit changes nothing.
    let mut bad = e.clone();
    bad.title.clear();
    assert!(matches!(edit(&mut store, bad), Err(AddError::Invalid(_))));
    assert_eq!(store.get(&e.id).unwrap().entry, e);
    let mut unknown = sample_entry(9);
    unknown.title = "x".into();
    assert_eq!(edit(&mut store, unknown), Err(AddError::NotFound));
}

#[test]
fn delete_and_undo_travel_as_tombstones() {
    let (mut store, mut server) = (open(MemoryKv::new()), FakeServer::default());
    add(&mut store, 1);
    add(&mut store, 2);
    let id = sample_entry(1).id;
    // Deleted before it ever synced: the create and the tombstone both go.
    store.set_deleted(&id, true, 10).unwrap();
    sync(&mut store, &mut server);
    assert!(server.held(&id).0.deleted);
    // Undo after the sync: an edit that clears the tombstone.
    store.set_deleted(&id, false, 11).unwrap();
    let batch = store.next_batch(10).unwrap().unwrap();
    assert!(matches!(&batch.changes[0].op,
        ChangeOp::Update { fields, .. } if fields == &vec![EntryField::Deleted]));
    sync(&mut store, &mut server);
    assert!(!server.held(&id).0.deleted);
    assert_eq!(server.held(&id).0, store.get(&id).unwrap().entry);
    // Survives a reload.
    let store = open(store.kv().clone());
    assert!(!store.get(&id).unwrap().entry.deleted);
}

#[test]
fn a_refused_entry_is_fixed_by_editing_or_discarded_by_deleting() {
    let mut store = open(MemoryKv::new());
    let mut server = FakeServer::default();
    let mut clash = sample_entry(2);
    clash.title = "服务器上已有同一编号的另一条记录".into();
    server.hold(clash, 99);
    add(&mut store, 1);
    add(&mut store, 2);
    sync(&mut store, &mut server);
    let id2 = sample_entry(2).id;
    assert!(matches!(
        store.status(store.get(&id2).unwrap()),
        EntryStatus::NeedsAttention {
            reason: RejectReason::IdTaken
        }
    ));
    assert!(store.has_unsynced());
    // Deleting it discards it on the device: nothing is sent.
    store.set_deleted(&id2, true, 5).unwrap();
    assert_eq!(store.pending_count(), 0);
    assert!(!store.has_unsynced());
    store.set_deleted(&id2, false, 6).unwrap();
    assert!(store.has_unsynced());

    // A refused create that is edited goes again as a create: an entry
    // dated two days ahead of the server's today is refused there…
    let mut bad = sample_entry(3);
    bad.date = "2026-12-01".parse().unwrap();
    let mut store2 = open(MemoryKv::new());
    store2
        .add(
            bad.clone(),
            &default_catalogue(),
            "2026-12-01".parse().unwrap(),
        )
        .unwrap();
    let mut server2 = FakeServer::default();
    sync(&mut store2, &mut server2);
    assert!(matches!(
        store2.status(store2.get(&bad.id).unwrap()),
        EntryStatus::NeedsAttention { .. }
    ));
    // …and once its date is put right, it is sent anew.
    bad.date = "2026-11-28".parse().unwrap();
    edit(&mut store2, bad.clone()).unwrap();
    let batch = store2.next_batch(10).unwrap().unwrap();
    assert!(matches!(batch.changes[0].op, ChangeOp::Create { .. }));
    sync(&mut store2, &mut server2);
    assert_eq!(server2.held(&bad.id).0, bad);
}

#[test]
fn data_of_the_first_layout_is_migrated_on_open() {
    let mut kv = MemoryKv::new();
    let meta = r#"{"schema":1,"device_id":"00000000-0000-0000-0000-000000000007","next_seq":3,"acked_seq":1,"sent_through":1,"last_sync_ms":5}"#;
    let synced = r#"{"entry":{"id":"01900000-0000-7000-8000-0000000000aa","org_id":"01900000-0000-7000-8000-000000000002","kind":"lecture","title":"宣讲","date":"2024-05-01","place":"河湾社区","sessions":2,"participants":80,"note":"","created_ms":1,"updated_ms":2},"seq":1,"outcome":{"status":"applied","change_no":41}}"#;
    let pending = synced.replace("0000000000aa", "0000000000bb").replace(
        r#""seq":1,"outcome":{"status":"applied","change_no":41}"#,
        r#""seq":2"#,
    );
    let change = format!(
        r#"{{"seq":2,"op":{{"create":{{"entry":{}}}}}}}"#,
        &pending[9..pending.find(r#","seq""#).unwrap()]
    );
    kv.set("jg1:meta", meta).unwrap();
    kv.set("jg1:e:01900000-0000-7000-8000-0000000000aa", synced)
        .unwrap();
    kv.set("jg1:e:01900000-0000-7000-8000-0000000000bb", &pending)
        .unwrap();
    kv.set("jg1:o:2", &change).unwrap();

    let store = open(kv);
    assert_eq!(store.meta().schema, SCHEMA_VERSION);
    assert_eq!(store.entries().count(), 2);
    assert_eq!(store.pending_count(), 1);
    for (key, raw) in store.kv().snapshot() {
        if key != "jg1:meta" {
            assert!(raw.starts_with('['), "{key} rewritten: {raw}");
        }
    }
    let old = store
        .get(&"01900000-0000-7000-8000-0000000000aa".parse().unwrap())
        .unwrap();
    assert_eq!(old.entry.count("participants"), 80);
    assert_eq!(old.version, Some(41));
    // The pending one still goes to the server, as a create of the new shape.
    let batch = store.next_batch(10).unwrap().unwrap();
    assert_eq!(batch.changes[0].seq, 2);
    assert!(matches!(&batch.changes[0].op,
        ChangeOp::Create { entry } if entry.count("sessions") == 2));
    // Opening again changes nothing more.
    let before = store.kv().snapshot();
    let again = open(store.kv().clone());
    assert_eq!(again.kv().snapshot(), before);
}

#[test]
fn a_migration_cut_short_by_a_full_storage_is_finished_later() {
    let mut kv = MemoryKv::new();
    let meta = r#"{"schema":1,"device_id":"00000000-0000-0000-0000-000000000007","next_seq":2,"acked_seq":0,"sent_through":0,"last_sync_ms":null}"#;
    kv.set("jg1:meta", meta).unwrap();
    kv.set("jg1:o:1", "not json at all").unwrap();
    kv.set("jg1:e:x", r#"{"entry":{"id":"01900000-0000-7000-8000-0000000000aa","org_id":"01900000-0000-7000-8000-000000000002","kind":"lecture","title":"宣讲","date":"2024-05-01","place":"","sessions":2,"participants":80,"note":"","created_ms":1,"updated_ms":2},"seq":1}"#).unwrap();
    kv.set_quota(Some(kv.used())); // rewriting is smaller, but the meta grows by nothing
    let store = open(kv);
    assert_eq!(store.entries().count(), 1, "readable while half migrated");
    assert_eq!(store.pending_count(), 1);
    let store = open(store.kv().clone());
    assert_eq!(store.entries().count(), 1);
}

#[test]
fn the_export_holds_everything_and_reads_back() {
    let (mut store, mut server) = (open(MemoryKv::new()), FakeServer::default());
    add(&mut store, 1);
    sync(&mut store, &mut server);
    add(&mut store, 2);
    store.set_deleted(&sample_entry(1).id, true, 9).unwrap();
    let export = store.export("hewan", 100).unwrap();
    assert_eq!(export.entries.len(), 2);
    assert_eq!(export.pending.len(), 2);
    assert_eq!(export.pending[0].seq, 2);
    assert!(matches!(export.pending[1].op, ChangeOp::Update { .. }));
    let text = serde_json::to_string(&export).unwrap();
    assert_eq!(DeviceExport::parse(&text), Ok(export.clone()));
    // Importing it is pushing the pending changes: a second import replays.
    let first = server.push(&crate::sync::protocol::PushRequest {
        device_id: export.device_id,
        changes: export.pending.clone(),
    });
    let second = server.push(&crate::sync::protocol::PushRequest {
        device_id: export.device_id,
        changes: export.pending.clone(),
    });
    assert_eq!(first, second);
    assert_eq!(server.count(), 2);

    assert_eq!(DeviceExport::parse("{}"), Err(ExportError::NotAnExport));
    let newer = text.replace("\"version\":1", "\"version\":99");
    assert_eq!(
        DeviceExport::parse(&newer),
        Err(ExportError::NewerVersion(99))
    );
}

#[test]
fn a_store_changed_by_another_tab_knows_it_is_stale() {
    let mut one = open(MemoryKv::new());
    add(&mut one, 1);
    assert!(!one.changed_elsewhere());
    // The same storage, as a second tab sees it.
    let mut two = open(one.kv().clone());
    add(&mut two, 2);
    let mut one = DeviceStore {
        kv: two.kv().clone(),
        ..one
    };
    assert!(one.changed_elsewhere(), "the other tab wrote");
    // Opened again, it sees both entries and numbers on from there.
    one = open(one.kv().clone());
    assert!(!one.changed_elsewhere());
    add(&mut one, 3);
    assert_eq!(one.entries().count(), 3);
    assert_eq!(one.pending_count(), 3);
}

/// Each change names the catalogue version it was checked under, kept
/// across a reopen (it sits in the outbox record): the server judges it by
/// the same rules. A tombstone names none.
#[test]
fn changes_carry_the_catalogue_version_they_were_checked_under() {
    let mut store = open(MemoryKv::new());
    let mut older = default_catalogue();
    older.version -= 1;
    store
        .add(sample_entry(1), &older, TODAY.parse().unwrap())
        .unwrap();
    let mut e = sample_entry(1);
    e.title = "改过的名称".into();
    edit(&mut store, e.clone()).unwrap();
    store.set_deleted(&e.id, true, 5).unwrap();
    let store = open(store.kv().clone());
    let batch = store.next_batch(10).unwrap().unwrap();
    let versions: Vec<_> = batch.changes.iter().map(|c| c.catalogue_version).collect();
    let current = default_catalogue().version;
    assert_eq!(versions, vec![Some(current - 1), Some(current), None]);
}
