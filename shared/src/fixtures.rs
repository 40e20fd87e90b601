//! Sample entries for tests and the demo data: plausible, valid, deterministic.

use crate::date::LocalDate;
use crate::entry::Entry;
use uuid::Uuid;

/// The `n`th sample entry: valid on any day after 2023-12-31, with an id that
/// depends only on `n` (so fixtures are the same in every run).
pub fn sample_entry(n: u32) -> Entry {
    const TITLES: [(&str, &str, &str); 4] = [
        ("lecture", "学习二十大巾帼宣讲", "河湾社区"),
        ("family_education", "春晖护航家庭教育讲座", "胡同村"),
        ("visit", "特殊群体走访慰问", "小井村"),
        ("legal_awareness", "巾帼普法宣传", "浚东社区"),
    ];
    let (kind, title, place) = TITLES[n as usize % TITLES.len()];
    let date = LocalDate::from_days(
        LocalDate::new(2023, 1, 1).map_or(0, LocalDate::to_days) + i64::from(n % 365),
    );
    // A UUID v7 layout with a fixed timestamp and `n` as its random part.
    let ms: u64 = 1_672_531_200_000 + u64::from(n) * 60_000;
    let hi = (ms << 16) | 0x7000;
    let lo = 0x8000_0000_0000_0000u64 | u64::from(n);
    Entry {
        id: Uuid::from_u64_pair(hi, lo),
        kind: kind.to_owned(),
        title: title.to_owned(),
        date,
        place: place.to_owned(),
        sessions: 1 + n % 3,
        participants: 20 + (n * 7) % 80,
        note: String::new(),
        created_ms: ms as i64,
        updated_ms: ms as i64,
    }
}
