//! Realistic entries for the benchmark examples (`bench_store`,
//! `device_records`): what a community federation's cadre records over the
//! years, in the mix the phone would hold. Deterministic: entry `n` is the
//! same in every run, so figures are comparable between runs.
//!
//! Each entry starts from `shared::fixtures::sample_entry(n)` and is varied:
//! nine kinds of activity with their own counts (from the default catalogue),
//! Chinese titles and places of a community federation, a note on about a
//! third of them and partner organisations on about a fifth.

use shared::catalogue::{Catalogue, Unit};
use shared::device::{LocalEntry, MemoryKv};
use shared::entry::Level;
use shared::fixtures::sample_entry;
use shared::sync::protocol::Outcome;
use shared::{Entry, LocalDate};
use uuid::Uuid;

/// `(kind, titles)`: activity kinds a community federation records most,
/// the common ones listed twice.
const KINDS: [(&str, &[&str]); 12] = [
    (
        "lecture",
        &[
            "学习二十大精神巾帼宣讲",
            "“巾帼心向党”主题宣讲",
            "家门口的微宣讲",
        ],
    ),
    ("lecture", &["妇女议事会政策宣讲", "巾帼红色故事分享会"]),
    (
        "family_education",
        &[
            "春晖护航家庭教育讲座",
            "家庭教育指导进社区",
            "“家长学校”公益课堂",
        ],
    ),
    (
        "visit",
        &[
            "特殊群体走访慰问",
            "困难妇女儿童入户走访",
            "留守老人节日慰问",
        ],
    ),
    ("visit", &["单亲困难母亲走访", "春节前走访慰问困难家庭"]),
    (
        "legal_awareness",
        &[
            "巾帼普法宣传",
            "《反家庭暴力法》宣传进社区",
            "民法典婚姻家庭编普法讲座",
        ],
    ),
    (
        "skills_training",
        &["家政服务技能培训", "电商直播技能培训", "面点制作技能培训"],
    ),
    (
        "volunteer_service",
        &["巾帼志愿者环境整治", "“邻里守望”志愿服务"],
    ),
    ("meeting", &["妇联执委月度例会", "妇女小组工作部署会"]),
    ("family_safety", &["两癌筛查政策宣传", "母亲健康快车进社区"]),
    (
        "beautiful_courtyard",
        &["美丽庭院示范户评选", "美丽庭院入户指导"],
    ),
    ("meeting", &["巾帼议事会", "妇联工作月度例会"]),
];

const PLACES: [&str; 8] = [
    "河湾社区妇女之家",
    "河湾社区党群服务中心",
    "河湾社区文化广场",
    "河湾社区3号网格",
    "幸福小区",
    "新村小区活动室",
    "社区新时代文明实践站",
    "河湾社区",
];

const NOTES: [&str; 5] = [
    "结合重阳节开展，发放宣传资料200余份。",
    "联合社区卫生服务站，现场答疑。",
    "邀请县妇联讲师授课，群众反响良好。",
    "为12户困难家庭送去米面油。",
    "利用周末开展，网格员协助通知到户。",
];

const PARTNERS: [&[&str]; 4] = [
    &["司法所"],
    &["社区卫生服务站"],
    &["派出所", "司法所"],
    &["县妇联"],
];

/// A small deterministic hash of `n` (so variations do not line up).
fn mix(n: u32, salt: u32) -> u32 {
    let mut x = n.wrapping_mul(0x9E37_79B9) ^ salt.wrapping_mul(0x85EB_CA6B);
    x ^= x >> 15;
    x = x.wrapping_mul(0x2C1B_3C6D);
    x ^ (x >> 12)
}

/// A plausible count for a count of `unit`.
fn count_value(unit: Unit, n: u32) -> u64 {
    let r = u64::from(mix(n, unit as u32 + 7));
    match unit {
        Unit::Sessions | Unit::Times => 1 + r % 3,
        Unit::Attendances | Unit::People => 15 + r % 110,
        Unit::Households => 5 + r % 55,
        Unit::Persons => 1 + r % 20,
        Unit::Organisations | Unit::Documents => 1 + r % 2,
        Unit::MoneyFen => (500 + r % 19_500) * 100,
    }
}

/// The `n`th realistic entry, dated `date`, of organisation `org`. Its id is
/// a UUID v7 whose time is the morning of `date` (ids sort by creation, as
/// the app's do) and whose random part holds `n`, so ids are unique per `n`.
pub fn realistic_entry(n: u32, date: LocalDate, org: Uuid, catalogue: &Catalogue) -> Entry {
    let mut e = sample_entry(n);
    let (kind, titles) = KINDS[mix(n, 1) as usize % KINDS.len()];
    e.kind = kind.to_owned();
    e.title = titles[mix(n, 2) as usize % titles.len()].to_owned();
    e.place = PLACES[mix(n, 3) as usize % PLACES.len()].to_owned();
    e.org_id = org;
    e.date = date;
    e.level = if mix(n, 4) % 10 == 0 {
        Level::Subdistrict
    } else {
        Level::Village
    };
    e.note = if mix(n, 5) % 3 == 0 {
        NOTES[mix(n, 6) as usize % NOTES.len()].to_owned()
    } else {
        String::new()
    };
    e.partners = if mix(n, 7) % 5 == 0 {
        PARTNERS[mix(n, 8) as usize % PARTNERS.len()]
            .iter()
            .map(|p| (*p).to_owned())
            .collect()
    } else {
        Vec::new()
    };
    e.counts.clear();
    if let Some(def) = catalogue.kind(kind) {
        for (i, c) in def.counts.iter().enumerate() {
            if c.required || mix(n, 10 + i as u32) % 10 < 7 {
                e.counts.insert(c.key.clone(), count_value(c.unit, n));
            }
        }
    }
    // Recorded on the morning of the day (China time), a little later for
    // each entry so ids of one day still sort by creation.
    let ms = date.to_days() * 86_400_000 + 2 * 3_600_000 + i64::from(n % 3_600) * 1_000;
    let hi = ((ms as u64) << 16) | 0x7000;
    let lo = 0x8000_0000_0000_0000u64 | (0xbe_u64 << 40) | u64::from(n);
    e.id = Uuid::from_u64_pair(hi, lo);
    e.created_ms = ms;
    e.updated_ms = ms;
    e
}

/// The date of entry `i` of `count`, spread evenly backwards from `until` at
/// `per_year` entries a year (entry `count - 1` is dated `until`).
pub fn spread_date(i: u32, count: u32, until: LocalDate, per_year: u32) -> LocalDate {
    let back = u64::from(count - 1 - i) * 365 / u64::from(per_year.max(1));
    until.add_days(-(back as i64))
}

/// `count` entries spread over the time before `until`, oldest first, with
/// `n` from `first_n` on.
pub fn realistic_entries(
    first_n: u32,
    count: u32,
    until: LocalDate,
    per_year: u32,
    org: Uuid,
    catalogue: &Catalogue,
) -> Vec<Entry> {
    (0..count)
        .map(|i| {
            let date = spread_date(i, count, until, per_year);
            realistic_entry(first_n + i, date, org, catalogue)
        })
        .collect()
}

/// An entry as the device keeps it once the server has taken it as change
/// `change_no` (the change `seq` of this device).
pub fn acknowledged(entry: Entry, seq: u64, change_no: u64) -> LocalEntry {
    LocalEntry {
        entry,
        seq,
        outcome: Some(Outcome::Applied { change_no }),
        version: Some(change_no),
    }
}

/// UTF-16 code units (what localStorage's quota counts) and UTF-8 bytes of
/// every record under `prefix` in `kv`, and how many records there are.
pub fn record_sizes(kv: &MemoryKv, prefix: &str) -> (usize, usize, usize) {
    use shared::device::KeyValue;
    let keys = kv.keys_with_prefix(prefix);
    let mut units = 0;
    let mut bytes = 0;
    for key in &keys {
        let value = kv.get(key).unwrap_or_default();
        units += key.encode_utf16().count() + value.encode_utf16().count();
        bytes += key.len() + value.len();
    }
    (keys.len(), units, bytes)
}
