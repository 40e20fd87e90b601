//! Demo data: Pingyi subdistrict's organisations, one account per role, and
//! the year 2023 as entries (`shared::demo_year`: its totals are the seed
//! article's figures), pushed by a fixed demo device (registered to the demo
//! admin) through the very path a phone's push takes, in batches as a phone
//! sends them, then credited to their organisation's demo cadre where there
//! is one. Every step is idempotent, so `--demo` on every restart stores
//! everything once.

use crate::auth::password;
use crate::db::devices::{self, Registration};
use crate::db::push::{self, Pusher};
use crate::db::{catalogue, entries, orgs, users, Db, DbError};
use shared::access::Role;
use shared::account::UserInfo;
use shared::demo_year::demo_year_entries;
use shared::fixtures::{demo_orgs, DEMO_HEWAN, DEMO_ROOT, DEMO_XIAOJING};
use shared::sync::protocol::{Change, ChangeOp, PushRequest, PushResponse, MAX_BATCH};
use shared::sync::server_rules::check_batch;
use shared::Entry;
use uuid::Uuid;

/// The demo device's id (fixed, so restarts replay instead of duplicating).
/// (Demo databases from before the 2023 year used `…6a69_6e67_756f` for 40
/// sample entries; a new id keeps the two sets of numbered changes apart.)
pub const DEMO_DEVICE: Uuid = Uuid::from_u128(0x0000_0000_0000_4000_8000_6a69_6e67_2023);
/// The password of every demo account (printed at start-up: demo data only).
pub const DEMO_PASSWORD: &str = "jinguo2026";

/// One demo account.
#[derive(Debug, Clone, Copy)]
pub struct DemoAccount {
    pub role: Role,
    pub username: &'static str,
    pub display_name: &'static str,
    pub org_id: Uuid,
}

/// One account per role: the subdistrict's admin, two village/community
/// cadres (siblings, to see scopes differ), the county's read-only viewer.
pub const DEMO_ACCOUNTS: [DemoAccount; 4] = [
    DemoAccount {
        role: Role::Admin,
        username: "admin",
        display_name: "街道妇联管理员",
        org_id: DEMO_ROOT,
    },
    DemoAccount {
        role: Role::Cadre,
        username: "hewan",
        display_name: "孙艳萍",
        org_id: DEMO_HEWAN,
    },
    DemoAccount {
        role: Role::Cadre,
        username: "xiaojing",
        display_name: "王秀兰",
        org_id: DEMO_XIAOJING,
    },
    DemoAccount {
        role: Role::Viewer,
        username: "county",
        display_name: "县妇联（只读）",
        org_id: DEMO_ROOT,
    },
];

/// Why the demo data could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("demo batch malformed: {0}")]
    Batch(#[from] shared::sync::server_rules::BatchError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("cannot hash the demo password: {0}")]
    Password(#[from] password::PasswordError),
    #[error("the demo device is registered to another account or revoked")]
    Device,
}

/// Loads what is missing of the demo; answers as the entries' push does.
pub async fn load(db: &Db, now_ms: i64) -> Result<PushResponse, DemoError> {
    for org in demo_orgs() {
        orgs::insert_if_absent(db.pool(), &org, now_ms).await?;
    }
    for account in DEMO_ACCOUNTS {
        ensure_account(db, account, now_ms).await?;
    }
    let admin = users::find_by_username(db, DEMO_ACCOUNTS[0].username)
        .await?
        .ok_or_else(|| DbError::Corrupt("the demo admin vanished".into()))?;
    if devices::register(db, DEMO_DEVICE, admin.info.id, "演示数据", now_ms).await?
        != Registration::Registered
    {
        return Err(DemoError::Device);
    }

    let year = demo_year_entries();
    // Demo entries stored before organisations existed get theirs (a retried
    // push would only replay their old receipts, never touch the rows).
    let catalogue = catalogue::current(db).await?;
    for entry in &year {
        entries::adopt_legacy(db, entry, catalogue.is_sensitive(&entry.kind)).await?;
    }
    let tree = orgs::tree(db).await?;
    let principal = admin.info.principal();
    let pusher = Pusher {
        principal: &principal,
        tree: &tree,
    };
    let mut answer = PushResponse {
        receipts: Vec::new(),
        last_applied: 0,
        expected_seq: None,
    };
    let numbered: Vec<Change> = year
        .iter()
        .zip(1u64..)
        .map(|(entry, seq)| Change {
            seq,
            op: ChangeOp::Create {
                entry: entry.clone(),
            },
            catalogue_version: None,
        })
        .collect();
    for batch in numbered.chunks(MAX_BATCH) {
        let req = PushRequest {
            device_id: DEMO_DEVICE,
            changes: batch.to_vec(),
        };
        check_batch(&req)?;
        let part = push::apply(db, pusher, &req, now_ms).await?;
        answer.last_applied = part.last_applied;
        answer.expected_seq = part.expected_seq;
        answer.receipts.extend(part.receipts);
    }
    credit_cadres(db, admin.info.id, &year).await?;
    Ok(answer)
}

/// Shows each demo entry as recorded by its organisation's demo cadre (the
/// admin's device pushed them all), or by the admin where there is none.
/// Entries someone else created are left alone.
async fn credit_cadres(db: &Db, admin: Uuid, year: &[Entry]) -> Result<(), DemoError> {
    let mut cadres = Vec::new();
    for account in DEMO_ACCOUNTS.iter().filter(|a| a.role == Role::Cadre) {
        if let Some(user) = users::find_by_username(db, account.username).await? {
            cadres.push((account.org_id, user.info.id));
        }
    }
    for entry in year {
        let by = cadres
            .iter()
            .find(|(org, _)| *org == entry.org_id)
            .map_or(admin, |(_, user)| *user);
        entries::credit_creator(db, entry.id, admin, by).await?;
    }
    Ok(())
}

/// Creates a demo account unless its username exists (whatever its password
/// has become since: a restart never resets it).
async fn ensure_account(db: &Db, account: DemoAccount, now_ms: i64) -> Result<(), DemoError> {
    if users::find_by_username(db, account.username)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let hash = password::hash_async(DEMO_PASSWORD.to_owned()).await?;
    let user = UserInfo {
        id: Uuid::now_v7(),
        username: account.username.to_owned(),
        display_name: account.display_name.to_owned(),
        role: account.role,
        org_id: account.org_id,
        disabled: false,
    };
    match users::insert(db.pool(), &user, &hash, now_ms).await {
        // Another process starting at the same moment made it first.
        Err(e) if e.is_unique_violation() => Ok(()),
        other => Ok(other?),
    }
}

/// The lines printed at start-up: one per demo account (role, username,
/// password, organisation), so whoever ran the demo can sign in.
pub fn account_lines() -> Vec<String> {
    let names: Vec<(Uuid, String)> = demo_orgs().into_iter().map(|o| (o.id, o.name)).collect();
    let mut lines = vec!["Demo accounts (role, username, password, organisation):".to_owned()];
    for a in DEMO_ACCOUNTS {
        let org = names
            .iter()
            .find(|(id, _)| *id == a.org_id)
            .map_or("", |(_, n)| n.as_str());
        let role = crate::db::enum_text(&a.role).unwrap_or_default();
        lines.push(format!(
            "  {role:<7} {:<9} {DEMO_PASSWORD}  {org}",
            a.username
        ));
    }
    lines
}
