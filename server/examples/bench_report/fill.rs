//! Filling a fresh database for the report benchmark: a subdistrict with
//! 30 village, community and enterprise federations of 9 women's groups
//! each (301 organisations), and entries of every kind of the default
//! catalogue spread over 2024 and 2025, written with plain SQL inserts in
//! transactions so the rollup's triggers run as they do for every write.

use server::db::{Db, DbError};
use shared::catalogue::{Catalogue, Shape, Unit};
use shared::entry::{Level, MemberChange, Person};
use shared::fixtures::Rng;
use shared::org::{OrgKind, Organisation};
use shared::LocalDate;
use std::collections::BTreeMap;
use uuid::Uuid;

/// Entries per transaction, and per INSERT statement.
const PER_TX: usize = 10_000;
const PER_INSERT: usize = 25;
/// The device every benchmark entry came from.
pub const DEVICE: Uuid = Uuid::from_u128(0xbe7c_d00d);

/// The benchmark's tree: the root first, then each federation followed by
/// its groups.
pub fn orgs() -> Vec<Organisation> {
    let org = |id: u128, parent: Option<Uuid>, name: String, kind| Organisation {
        id: Uuid::from_u128(id),
        parent_id: parent,
        name,
        kind,
        pilot: false,
        venues: Vec::new(),
        retired: false,
    };
    let root = org(1, None, "平邑街道妇联".into(), OrgKind::Subdistrict);
    let mut out = vec![root.clone()];
    for v in 0..30u128 {
        let (kind, word) = match v % 3 {
            0 => (OrgKind::Village, "村"),
            1 => (OrgKind::Community, "社区"),
            _ => (OrgKind::Enterprise, "企业"),
        };
        let id = 0x100 * (v + 1);
        out.push(org(
            id,
            Some(root.id),
            format!("第{:02}{word}妇联", v + 1),
            kind,
        ));
        for g in 1..=9u128 {
            out.push(org(
                id + g,
                Some(Uuid::from_u128(id)),
                format!("第{:02}{word}第{g}妇女小组", v + 1),
                OrgKind::WomenGroup,
            ));
        }
    }
    out
}

/// One generated entry's columns.
struct Row {
    id: String,
    org: String,
    kind: String,
    date: String,
    level: &'static str,
    counts: String,
    person: Option<String>,
    sensitive: i64,
}

fn row(rng: &mut Rng, n: u64, catalogue: &Catalogue, orgs: &[Organisation]) -> Row {
    let kinds = &catalogue.kinds;
    let def = &kinds[rng.below(kinds.len() as u64) as usize];
    let org = &orgs[rng.below(orgs.len() as u64) as usize];
    let start = LocalDate::new(2024, 1, 1).map_or(0, LocalDate::to_days);
    let date = LocalDate::from_days(start + rng.below(731) as i64);
    // Most work is at the village's own level; some above it.
    let level = match rng.below(20) {
        0 => Level::Province,
        1 => Level::City,
        2 | 3 => Level::County,
        4..=6 => Level::Subdistrict,
        _ => Level::Village,
    };
    let mut counts = BTreeMap::new();
    for c in &def.counts {
        let v = match c.unit {
            Unit::MoneyFen => rng.below(500_000) * 100,
            Unit::Attendances | Unit::People => rng.below(200),
            _ => 1 + rng.below(3),
        };
        counts.insert(c.key.clone(), v);
    }
    let person = match def.shape {
        Shape::Activity => None,
        Shape::Member => Some(Person {
            name: "王秀英".into(),
            change: Some(MemberChange::ALL[rng.below(3) as usize]),
            replaces: String::new(),
            reason: String::new(),
        }),
        Shape::Honour { .. } => Some(Person {
            name: "张家".into(),
            ..Person::default()
        }),
    };
    Row {
        id: Uuid::from_u64_pair(0x0190_0000_0000_7000, 0x8000_0000_0000_0000 | n).to_string(),
        org: org.id.to_string(),
        kind: def.code.clone(),
        date: date.to_string(),
        level: level.code(),
        counts: serde_json::to_string(&counts).unwrap_or_else(|_| "{}".into()),
        person: person.and_then(|p| serde_json::to_string(&p).ok()),
        sensitive: i64::from(def.sensitive),
    }
}

/// Stores the tree and `n` entries (with their `changes` rows, as pushes
/// leave them).
pub async fn fill(
    db: &Db,
    n: u64,
    catalogue: &Catalogue,
    orgs: &[Organisation],
) -> Result<(), DbError> {
    for org in orgs {
        server::db::orgs::insert(db.pool(), org, 0).await?;
    }
    sqlx::query(
        "INSERT INTO devices (id, last_seq, first_seen_ms, last_seen_ms) VALUES ($1, 0, 0, 0)",
    )
    .bind(DEVICE.to_string())
    .execute(db.pool())
    .await?;
    let mut rng = Rng::new(2024);
    let mut done = 0u64;
    while done < n {
        let mut tx = db.pool().begin().await?;
        let tx_end = (done + PER_TX as u64).min(n);
        while done < tx_end {
            let end = (done + PER_INSERT as u64).min(tx_end);
            let rows: Vec<Row> = (done..end)
                .map(|i| row(&mut rng, i + 1, catalogue, orgs))
                .collect();
            insert(&mut tx, done, &rows).await?;
            done = end;
        }
        tx.commit().await?;
    }
    sqlx::query("UPDATE devices SET last_seq = $2 WHERE id = $1")
        .bind(DEVICE.to_string())
        .bind(i64::try_from(n).unwrap_or(i64::MAX))
        .execute(db.pool())
        .await?;
    Ok(())
}

/// `template` with each `?` numbered `$n`, counting on from `next`.
fn slots(template: &str, next: &mut usize) -> String {
    let mut out = String::new();
    for c in template.chars() {
        if c == '?' {
            *next += 1;
            out.push_str(&format!("${next}"));
        } else {
            out.push(c);
        }
    }
    out
}

async fn insert(conn: &mut sqlx::AnyConnection, before: u64, rows: &[Row]) -> Result<(), DbError> {
    let no = |i: usize| i64::try_from(before + i as u64 + 1).unwrap_or(i64::MAX);
    let device = DEVICE.to_string();
    let mut next = 0;
    let tuples: Vec<String> = rows
        .iter()
        .map(|_| slots("(?, ?, ?, ?, 'applied', ?)", &mut next))
        .collect();
    let sql = format!(
        "INSERT INTO changes (change_no, device_id, device_seq, entry_id, status, received_ms) \
         VALUES {}",
        tuples.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for (i, r) in rows.iter().enumerate() {
        q = q
            .bind(no(i))
            .bind(device.clone())
            .bind(no(i))
            .bind(r.id.clone())
            .bind(no(i));
    }
    q.execute(&mut *conn).await?;

    let mut next = 0;
    let tuples: Vec<String> = rows
        .iter()
        .map(|_| {
            slots(
                "(?, ?, ?, '巾帼宣讲', ?, '', '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                &mut next,
            )
        })
        .collect();
    let sql = format!(
        "INSERT INTO entries (id, org_id, kind, title, date, place, note, level, counts, person, \
         sensitive, created_ms, updated_ms, device_id, change_no, received_ms, \
         created_change_no, created_device) VALUES {}",
        tuples.join(", ")
    );
    let mut q = sqlx::query(&sql);
    for (i, r) in rows.iter().enumerate() {
        q = q
            .bind(r.id.clone())
            .bind(r.org.clone())
            .bind(r.kind.clone())
            .bind(r.date.clone())
            .bind(r.level)
            .bind(r.counts.clone())
            .bind(r.person.clone())
            .bind(r.sensitive)
            .bind(no(i))
            .bind(no(i))
            .bind(device.clone())
            .bind(no(i))
            .bind(no(i))
            .bind(no(i))
            .bind(device.clone());
    }
    q.execute(&mut *conn).await?;
    Ok(())
}
