//! The in-memory server of `sync::model` as the device store's tests use it:
//! today is fixed and a malformed batch is a bug of the test.

use crate::sync::merge::{FieldStamp, HeldEntry};
use crate::sync::model::ServerModel;
use crate::sync::protocol::{PushRequest, PushResponse};
use crate::Entry;
use uuid::Uuid;

/// The server's "today" in these tests.
pub const TODAY: &str = "2026-11-29";

/// The model server, derefs to [`ServerModel`].
#[derive(Debug, Clone)]
pub struct FakeServer(pub ServerModel);

impl Default for FakeServer {
    fn default() -> Self {
        FakeServer(ServerModel::new(today()))
    }
}

fn today() -> crate::LocalDate {
    TODAY
        .parse()
        .unwrap_or_else(|_| unreachable!("a valid date"))
}

impl FakeServer {
    /// A server whose next receipt number is `first + 1`.
    pub fn starting_at(first: u64) -> Self {
        FakeServer(ServerModel::starting_at(today(), first))
    }

    pub fn push(&mut self, req: &PushRequest) -> PushResponse {
        self.0
            .push(req)
            .expect("the tests send well-formed batches")
    }

    /// Puts an entry on the server as if another device had created it.
    pub fn hold(&mut self, entry: Entry, change_no: u64) {
        let stamp = FieldStamp {
            change_no,
            device_id: Uuid::from_u128(0xFFFF),
        };
        self.0
            .entries
            .insert(entry.id, HeldEntry::created(entry, stamp));
    }

    /// The entry held under `id` and its version.
    pub fn held(&self, id: &Uuid) -> (Entry, u64) {
        let h = &self.0.entries[id];
        (h.entry.clone(), h.version)
    }

    /// Pulls every page the device has not seen into `store`.
    pub fn pull_into<K: crate::device::KeyValue>(&self, store: &mut crate::device::DeviceStore<K>) {
        loop {
            let page = self.0.pull(store.device_id(), store.pulled_through(), 7, 0);
            store.apply_pull(&page).expect("the pull is applied");
            if !page.more {
                break;
            }
        }
    }

    pub fn count(&self) -> usize {
        self.0.entries.len()
    }
}
