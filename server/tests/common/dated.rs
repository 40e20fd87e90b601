//! Entries spread over dates and organisations, for the tests of what pages
//! by date (the window's first fill, the listing by date).

use super::{create, device, TestApp, ADMIN};
use shared::fixtures::{sample_entry, DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_XIAOJING};
use shared::Entry;
use uuid::Uuid;

/// Entry `n` of `org` dated `date` (ISO).
pub fn dated(n: u32, org: Uuid, date: &str) -> Entry {
    Entry {
        org_id: org,
        date: date.parse().expect("an ISO date"),
        ..sample_entry(n)
    }
}

/// 30 entries in hewan, her dance team (her subtree) and xiaojing (not
/// hers), dated by cycling through `dates`, pushed by the admin's phone in
/// an order unrelated to their dates; returns them.
pub async fn seed_dated(app: &TestApp, dates: &[&str]) -> Vec<Entry> {
    let admin = app.login(ADMIN, device(90)).await;
    let orgs = [DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_XIAOJING];
    let entries: Vec<Entry> = (0..30u32)
        .map(|n| dated(n + 1, orgs[n as usize % 3], dates[n as usize % dates.len()]))
        .collect();
    let changes = (1..)
        .zip(&entries)
        .map(|(s, e)| create(s, e.clone()))
        .collect();
    app.push_changes(&admin, changes).await;
    entries
}
