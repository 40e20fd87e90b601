//! Sample organisations and entries for tests and the demo data: plausible,
//! valid, deterministic. The tree is Pingyi subdistrict's, from the article.

use crate::date::LocalDate;
use crate::entry::{Entry, Level};
use crate::org::{OrgKind, Organisation, Venue};
use uuid::Uuid;

pub const DEMO_ROOT: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001);
pub const DEMO_HEWAN: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0010);
pub const DEMO_HEWAN_GRID: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0011);
pub const DEMO_HEWAN_DANCE: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0012);
pub const DEMO_HEWAN_JIANZI: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0013);
pub const DEMO_HUTONG: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0020);
pub const DEMO_XIAOJING: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0030);
pub const DEMO_DADIANWANG: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0040);
pub const DEMO_DOUJIAZHUANG: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0050);
pub const DEMO_BAIMA: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0060);
pub const DEMO_JUNDONG: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0070);
pub const DEMO_BAOYE: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0080);
pub const DEMO_BILUSI: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0090);

/// A small deterministic random generator (SplitMix64) for test data and
/// benchmarks: the same seed, the same data, on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// An index into a slice of `len` items.
    pub fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap_or(0)
    }

    /// True `pct` times in a hundred.
    pub fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }

    /// One of `items` (which must not be empty).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())]
    }
}

/// Pingyi subdistrict's federations as the article names them.
pub fn demo_orgs() -> Vec<Organisation> {
    use OrgKind::*;
    let org = |id, parent: Option<Uuid>, name: &str, kind, pilot, venues: &[Venue]| Organisation {
        id,
        parent_id: parent,
        name: name.to_owned(),
        kind,
        pilot,
        venues: venues.to_vec(),
        retired: false,
    };
    let root = Some(DEMO_ROOT);
    vec![
        org(
            DEMO_ROOT,
            None,
            "平邑街道妇联",
            Subdistrict,
            true,
            &[Venue::WomenChildrenHome],
        ),
        org(
            DEMO_HEWAN,
            root,
            "河湾社区妇联",
            Community,
            true,
            &[Venue::WomensHome],
        ),
        org(
            DEMO_HEWAN_GRID,
            Some(DEMO_HEWAN),
            "河湾社区网格妇女小组",
            WomenGroup,
            false,
            &[],
        ),
        org(
            DEMO_HEWAN_DANCE,
            Some(DEMO_HEWAN),
            "河湾社区广场舞队妇女小组",
            WomenGroup,
            false,
            &[],
        ),
        org(
            DEMO_HEWAN_JIANZI,
            Some(DEMO_HEWAN),
            "河湾社区毽子队妇女小组",
            WomenGroup,
            false,
            &[],
        ),
        org(
            DEMO_HUTONG,
            root,
            "胡同村妇联",
            Village,
            true,
            &[Venue::WomensMicroHome],
        ),
        org(
            DEMO_XIAOJING,
            root,
            "小井村妇联",
            Village,
            true,
            &[Venue::WomensHome],
        ),
        org(DEMO_DADIANWANG, root, "大殿汪村妇联", Village, false, &[]),
        org(DEMO_DOUJIAZHUANG, root, "窦家庄村妇联", Village, false, &[]),
        org(DEMO_BAIMA, root, "白马村妇联", Village, false, &[]),
        org(DEMO_JUNDONG, root, "浚东社区妇联", Community, false, &[]),
        org(DEMO_BAOYE, root, "宝业建筑集团妇联", Enterprise, false, &[]),
        org(DEMO_BILUSI, root, "碧陆斯光电妇联", Enterprise, false, &[]),
    ]
}

/// The `n`th sample entry: valid on any day after 2023-12-31, with an id that
/// depends only on `n` (so fixtures are the same in every run).
pub fn sample_entry(n: u32) -> Entry {
    const TITLES: [(&str, &str, &str, Uuid); 4] = [
        ("lecture", "学习二十大巾帼宣讲", "河湾社区", DEMO_HEWAN),
        (
            "family_education",
            "春晖护航家庭教育讲座",
            "胡同村",
            DEMO_HUTONG,
        ),
        ("visit", "特殊群体走访慰问", "小井村", DEMO_XIAOJING),
        ("legal_awareness", "巾帼普法宣传", "浚东社区", DEMO_JUNDONG),
    ];
    let (kind, title, place, org_id) = TITLES[n as usize % TITLES.len()];
    let date = LocalDate::from_days(
        LocalDate::new(2023, 1, 1).map_or(0, LocalDate::to_days) + i64::from(n % 365),
    );
    // A UUID v7 layout with a fixed timestamp and `n` as its random part.
    let ms: u64 = 1_672_531_200_000 + u64::from(n) * 60_000;
    let hi = (ms << 16) | 0x7000;
    let lo = 0x8000_0000_0000_0000u64 | u64::from(n);
    let (times, people) = match kind {
        "visit" => ("times", "beneficiaries"),
        "legal_awareness" => ("sessions", "beneficiaries"),
        _ => ("sessions", "participants"),
    };
    let counts = [
        (times.to_owned(), u64::from(1 + n % 3)),
        (people.to_owned(), u64::from(20 + (n * 7) % 80)),
    ];
    Entry {
        id: Uuid::from_u64_pair(hi, lo),
        org_id,
        kind: kind.to_owned(),
        title: title.to_owned(),
        date,
        end_date: None,
        place: place.to_owned(),
        level: Level::Village,
        partners: Vec::new(),
        counts: counts.into(),
        person: None,
        note: String::new(),
        deleted: false,
        created_ms: ms as i64,
        updated_ms: ms as i64,
        photos: Vec::new(),
    }
}

/// Property-test strategies: any valid entry of any kind of the default
/// catalogue (for round-trip tests of every encoding).
#[cfg(test)]
pub mod arb {
    use crate::catalogue::Shape;
    use crate::catalogue_default::default_catalogue;
    use crate::date::LocalDate;
    use crate::entry::{Entry, Level, MemberChange, Person};
    use crate::photo::PhotoRef;
    use proptest::prelude::*;
    use uuid::Uuid;

    /// A valid entry (under the default catalogue, on 2026-11-29 or later).
    pub fn valid_entry() -> impl Strategy<Value = Entry> {
        let kinds = default_catalogue().kinds;
        let n = kinds.len();
        (
            (0..n, any::<u128>(), any::<u128>()),
            // Never blank: a title of only spaces is (rightly) refused.
            "[\\PC&&\\S]\\PC{0,99}",
            0i64..9000,
            proptest::option::of(0i64..365),
            "\\PC{0,100}",
            0usize..5,
            proptest::collection::vec("[\\PC&&\\S]{1,40}", 0..4),
            proptest::collection::vec(0u64..=10_000, 4),
            (
                "[\\PC&&\\S]{1,40}",
                0usize..3,
                "[\\PC&&\\S]{1,40}",
                "\\PC{0,200}",
            ),
            "[\\PC\n]{0,300}",
            (
                any::<bool>(),
                crate::validate::EARLIEST_CLOCK_MS..crate::validate::LATEST_CLOCK_MS,
                crate::validate::EARLIEST_CLOCK_MS..crate::validate::LATEST_CLOCK_MS,
                valid_photos(),
            ),
        )
            .prop_map(
                move |(
                    (k, id, org),
                    title,
                    day,
                    span,
                    place,
                    level,
                    partners,
                    values,
                    who,
                    note,
                    (deleted, c, u, photos),
                )| {
                    let def = &kinds[k];
                    let date = LocalDate::from_days(
                        LocalDate::new(2001, 1, 1).map_or(0, LocalDate::to_days) + day,
                    );
                    let counts = def
                        .counts
                        .iter()
                        .zip(values.iter().cycle())
                        .map(|(c, v)| (c.key.clone(), *v))
                        .collect();
                    let person = match def.shape {
                        Shape::Activity => None,
                        Shape::Member => Some(Person {
                            name: who.0,
                            change: Some(MemberChange::ALL[who.1]),
                            replaces: who.2,
                            reason: who.3,
                        }),
                        Shape::Honour { .. } => Some(Person {
                            name: who.0,
                            ..Person::default()
                        }),
                    };
                    Entry {
                        id: Uuid::from_u128(id),
                        org_id: Uuid::from_u128(org),
                        kind: def.code.clone(),
                        title,
                        date,
                        end_date: span.map(|s| date.add_days(s)),
                        place,
                        level: Level::ALL[level],
                        partners,
                        counts,
                        person,
                        note,
                        deleted,
                        created_ms: c,
                        updated_ms: u,
                        photos,
                    }
                },
            )
    }

    /// Up to nine distinct, well-formed photos with captions.
    pub fn valid_photos() -> impl Strategy<Value = Vec<PhotoRef>> {
        use crate::photo::reference::{MAX_PHOTOS, MAX_PHOTO_BYTES, MAX_PHOTO_SIDE};
        let hex = "[0-9a-f]{64}";
        proptest::collection::vec(
            (
                (hex, hex),
                (1..=MAX_PHOTO_BYTES, 1..=MAX_PHOTO_BYTES),
                (1..=MAX_PHOTO_SIDE, 1..=MAX_PHOTO_SIDE),
                "[\\PC&&\\S]{0,60}",
            ),
            0..=MAX_PHOTOS,
        )
        .prop_map(|photos| {
            let mut seen = std::collections::HashSet::new();
            photos
                .into_iter()
                .map(
                    |((sha256, thumb_sha256), (bytes, thumb_bytes), (width, height), caption)| {
                        PhotoRef {
                            sha256,
                            bytes,
                            width,
                            height,
                            thumb_sha256,
                            thumb_bytes,
                            caption,
                        }
                    },
                )
                .filter(|p| seen.insert(p.sha256.clone()))
                .collect()
        })
    }
}
