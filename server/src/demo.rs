//! Demo data: 40 sample entries pushed by a fixed demo device through the very
//! path a phone's push takes. Exactly-once makes it idempotent, so `--demo` on
//! every restart stores them once.

use crate::db::{self, Db, DbError};
use shared::fixtures::sample_entry;
use shared::sync::protocol::{Change, ChangeOp, PushRequest, PushResponse};
use shared::sync::server_rules::check_batch;
use uuid::Uuid;

/// The demo device's id (fixed, so restarts replay instead of duplicating).
pub const DEMO_DEVICE: Uuid = Uuid::from_u128(0x0000_0000_0000_4000_8000_6a69_6e67_756f);
/// How many sample entries the demo holds.
pub const DEMO_ENTRIES: u32 = 40;

/// Why the demo data could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo batch malformed: {0}")]
    Batch(#[from] shared::sync::server_rules::BatchError),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Pushes the demo entries; answers as a push does.
pub async fn load(db: &Db, now_ms: i64) -> Result<PushResponse, DemoError> {
    let req = PushRequest {
        device_id: DEMO_DEVICE,
        changes: (1..=DEMO_ENTRIES)
            .map(|n| Change {
                seq: u64::from(n),
                op: ChangeOp::Create {
                    entry: sample_entry(n),
                },
            })
            .collect(),
    };
    check_batch(&req)?;
    Ok(db::push::apply(db, &req, now_ms).await?)
}
