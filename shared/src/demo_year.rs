//! A year of Pingyi subdistrict's work, 2023, as entries: the demo data of
//! `server --demo`. Its totals are exactly the seed article's figures, and
//! where the article only says "80余" the year holds a plausible exact
//! number (83 lectures plus the 6 after the national women's congress,
//! 4,052 attendances; 205 women trained at the eyelash workshop; 705
//! reached by legal awareness; 124 volunteer services; 6,050 元 of donated goods…).
//! `report::summary` of this year must read like the article; a test says so.
//!
//! Each plan row below is one organisation's share of one kind: its entries
//! split the row's totals evenly (the first ones take the remainder), dated
//! across the year. Ids, dates and names depend only on the row and the
//! entry's place in it, so the demo is the same in every run.

use crate::date::LocalDate;
use crate::entry::{Entry, Level, MemberChange, Person};
use crate::fixtures::{
    DEMO_BAIMA, DEMO_BAOYE, DEMO_BILUSI, DEMO_DADIANWANG, DEMO_DOUJIAZHUANG, DEMO_HEWAN,
    DEMO_HEWAN_DANCE, DEMO_HEWAN_GRID, DEMO_HUTONG, DEMO_JUNDONG, DEMO_ROOT, DEMO_XIAOJING,
};
use uuid::Uuid;

/// The year the demo covers.
pub const DEMO_YEAR: i32 = 2023;

/// One organisation's share of one kind.
struct Plan {
    kind: &'static str,
    org: Uuid,
    level: Level,
    title: &'static str,
    place: &'static str,
    entries: u32,
    /// Each count's total over the row's entries (money in fen).
    totals: &'static [(&'static str, u64)],
    /// For committee changes: the change of every entry of the row.
    change: Option<MemberChange>,
    partners: &'static [&'static str],
}

const fn plan(
    kind: &'static str,
    org: Uuid,
    level: Level,
    title: &'static str,
    place: &'static str,
    entries: u32,
    totals: &'static [(&'static str, u64)],
) -> Plan {
    Plan {
        kind,
        org,
        level,
        title,
        place,
        entries,
        totals,
        change: None,
        partners: &[],
    }
}

const fn member(
    org: Uuid,
    level: Level,
    place: &'static str,
    entries: u32,
    change: MemberChange,
) -> Plan {
    Plan {
        change: Some(change),
        ..plan(
            "committee_change",
            org,
            level,
            "妇联执委动态调整",
            place,
            entries,
            &[],
        )
    }
}

use Level::{City, Province, Subdistrict, Village};

const ST: &str = "平邑街道";
const HEWAN: &str = "河湾社区";
const HUTONG: &str = "胡同村";
const XIAOJING: &str = "小井村";
const DDW: &str = "大殿汪村";
const DJZ: &str = "窦家庄村";
const BAIMA: &str = "白马村";
const JUNDONG: &str = "浚东社区";

#[rustfmt::skip]
const PLANS: &[Plan] = &[
    // 组织建设
    plan("meeting", DEMO_ROOT, Subdistrict, "妇联组织建设会议", ST, 3, &[("times", 3), ("participants", 96)]),
    plan("document", DEMO_ROOT, Subdistrict, "印发妇联组织改革《方案》", ST, 2, &[("documents", 2)]),
    plan("new_federation", DEMO_ROOT, Subdistrict, "新建城市社区妇联", ST, 4, &[("organisations", 20)]),
    plan("new_federation", DEMO_ROOT, Subdistrict, "新建企业妇联", ST, 1, &[("organisations", 7)]),
    plan("new_women_group", DEMO_HEWAN, Village, "网格、广场舞队、毽子队组建妇女小组", HEWAN, 3, &[("organisations", 3)]),
    member(DEMO_ROOT, Subdistrict, ST, 4, MemberChange::Replaced),
    member(DEMO_HEWAN, Village, HEWAN, 3, MemberChange::Replaced),
    member(DEMO_HUTONG, Village, HUTONG, 2, MemberChange::Replaced),
    member(DEMO_XIAOJING, Village, XIAOJING, 2, MemberChange::Replaced),
    member(DEMO_HUTONG, Village, HUTONG, 1, MemberChange::Joined),
    member(DEMO_XIAOJING, Village, XIAOJING, 1, MemberChange::Joined),
    // 思想引领: 83 lectures, 3,752 attendances…
    plan("lecture", DEMO_ROOT, Subdistrict, "“学习二十大”巾帼大宣讲", ST, 4, &[("sessions", 20), ("participants", 900)]),
    plan("lecture", DEMO_HEWAN, Village, "“学习二十大”巾帼大宣讲", HEWAN, 4, &[("sessions", 15), ("participants", 700)]),
    plan("lecture", DEMO_HUTONG, Village, "女支书讲二十大", HUTONG, 3, &[("sessions", 12), ("participants", 560)]),
    plan("lecture", DEMO_XIAOJING, Village, "智慧家长讲二十大", XIAOJING, 3, &[("sessions", 10), ("participants", 482)]),
    plan("lecture", DEMO_DADIANWANG, Village, "最美基层妇联人宣讲", DDW, 2, &[("sessions", 8), ("participants", 350)]),
    plan("lecture", DEMO_DOUJIAZHUANG, Village, "“学习二十大”巾帼大宣讲", DJZ, 2, &[("sessions", 6), ("participants", 260)]),
    plan("lecture", DEMO_BAIMA, Village, "“学习二十大”巾帼大宣讲", BAIMA, 2, &[("sessions", 6), ("participants", 250)]),
    plan("lecture", DEMO_JUNDONG, Village, "“学习二十大”巾帼大宣讲", JUNDONG, 2, &[("sessions", 6), ("participants", 250)]),
    // …and 6 after the 13th national women's congress, 300 attendances.
    plan("lecture", DEMO_ROOT, Subdistrict, "中国妇女十三大精神宣讲", ST, 4, &[("sessions", 4), ("participants", 200)]),
    plan("lecture", DEMO_BAOYE, Subdistrict, "中国妇女十三大精神进企业", "宝业建筑集团", 1, &[("sessions", 1), ("participants", 50)]),
    plan("lecture", DEMO_BILUSI, Subdistrict, "中国妇女十三大精神进企业", "碧陆斯光电", 1, &[("sessions", 1), ("participants", 50)]),
    // 家庭家教家风
    plan("family_education", DEMO_HUTONG, Village, "春晖护航家庭教育讲座", HUTONG, 3, &[("sessions", 3), ("participants", 150)]),
    plan("family_education", DEMO_HEWAN, Village, "春晖护航家庭教育讲座", HEWAN, 2, &[("sessions", 2), ("participants", 100)]),
    plan("family_education", DEMO_JUNDONG, Village, "春晖护航家庭教育讲座", JUNDONG, 2, &[("sessions", 2), ("participants", 95)]),
    plan("reading_contest", DEMO_ROOT, Subdistrict, "“书香飘万家亲子悦读”评比表彰", ST, 1, &[("sessions", 1), ("participants", 120)]),
    plan("honour_family", DEMO_HEWAN, Subdistrict, "“最美家庭”", HEWAN, 6, &[]),
    plan("honour_family", DEMO_HUTONG, Subdistrict, "“最美家庭”", HUTONG, 5, &[]),
    plan("honour_family", DEMO_XIAOJING, Subdistrict, "“最美家庭”", XIAOJING, 5, &[]),
    plan("honour_family", DEMO_DADIANWANG, Subdistrict, "“最美家庭”", DDW, 4, &[]),
    plan("honour_family", DEMO_DOUJIAZHUANG, Subdistrict, "“最美家庭”", DJZ, 3, &[]),
    plan("honour_family", DEMO_BAIMA, Subdistrict, "“最美家庭”", BAIMA, 3, &[]),
    plan("honour_inlaw", DEMO_HEWAN, Subdistrict, "“好婆婆好媳妇”", HEWAN, 10, &[]),
    plan("honour_inlaw", DEMO_HUTONG, Subdistrict, "“好婆婆好媳妇”", HUTONG, 9, &[]),
    plan("honour_inlaw", DEMO_XIAOJING, Subdistrict, "“好婆婆好媳妇”", XIAOJING, 8, &[]),
    plan("honour_inlaw", DEMO_DADIANWANG, Subdistrict, "“好婆婆好媳妇”", DDW, 7, &[]),
    plan("honour_inlaw", DEMO_DOUJIAZHUANG, Subdistrict, "“好婆婆好媳妇”", DJZ, 6, &[]),
    plan("honour_inlaw", DEMO_BAIMA, Subdistrict, "“好婆婆好媳妇”", BAIMA, 6, &[]),
    // 乡村振兴巾帼行动
    plan("skills_training", DEMO_ROOT, Province, "承办“乡村女工匠农匠培育之古法盘口”", ST, 1, &[("sessions", 1), ("trained", 45)]),
    plan("skills_training", DEMO_ROOT, City, "市级“巾帼家政进社区”", ST, 3, &[("sessions", 3), ("trained", 90)]),
    plan("skills_training", DEMO_ROOT, Subdistrict, "“巾帼家政进社区”", ST, 5, &[("sessions", 5), ("trained", 120)]),
    plan("volunteer_train", DEMO_ROOT, Subdistrict, "“沂蒙行志愿服务直通车”", ST, 3, &[("sessions", 3), ("beneficiaries", 180)]),
    plan("employment_project", DEMO_XIAOJING, Village, "假睫毛加工培训基地", XIAOJING, 1, &[("trained", 205)]),
    plan("employment_project", DEMO_HUTONG, Village, "多肉大棚与电商直播", HUTONG, 1, &[("employed", 6)]),
    // 巾帼维权服务行动
    plan("legal_awareness", DEMO_JUNDONG, Village, "巾帼普法宣传", JUNDONG, 2, &[("sessions", 2), ("beneficiaries", 240)]),
    plan("legal_awareness", DEMO_HEWAN, Village, "社区普法专题讲座", HEWAN, 1, &[("sessions", 1), ("beneficiaries", 113)]),
    plan("legal_awareness", DEMO_HEWAN_DANCE, Village, "广场舞队普法小课堂", HEWAN, 1, &[("sessions", 1), ("beneficiaries", 112)]),
    plan("legal_awareness", DEMO_ROOT, Subdistrict, "巾帼普法宣传", ST, 2, &[("sessions", 2), ("beneficiaries", 240)]),
    plan("high_risk_screening", DEMO_ROOT, Subdistrict, "重点人群和高风险家庭排查", ST, 2, &[("times", 2), ("households", 37)]),
    // 巾帼暖心服务行动: 15,000 元
    Plan { partners: &["民政办", "扶贫办"], ..plan("visit", DEMO_ROOT, Subdistrict, "特殊群体走访慰问", ST, 5, &[("times", 5), ("beneficiaries", 43), ("funds_fen", 1_500_000),]) },
    // 健康中国·母亲行动
    plan("honour_healthy", DEMO_HEWAN, Subdistrict, "“健康家庭”", HEWAN, 3, &[]),
    plan("honour_healthy", DEMO_HUTONG, Subdistrict, "“健康家庭”", HUTONG, 2, &[]),
    plan("honour_healthy", DEMO_XIAOJING, Subdistrict, "“健康家庭”", XIAOJING, 2, &[]),
    plan("honour_healthy", DEMO_BAIMA, Subdistrict, "“健康家庭”", BAIMA, 1, &[]),
    plan("honour_healthy", DEMO_JUNDONG, City, "临沂市最美“健康家庭”", JUNDONG, 1, &[]),
    plan("family_safety", DEMO_HEWAN, Village, "“家庭安康”工程", HEWAN, 1, &[("sessions", 1), ("participants", 900)]),
    plan("family_safety", DEMO_HUTONG, Village, "“家庭安康”工程", HUTONG, 1, &[("sessions", 1), ("participants", 850)]),
    plan("family_safety", DEMO_XIAOJING, Village, "“家庭安康”工程", XIAOJING, 1, &[("sessions", 1), ("participants", 800)]),
    plan("family_safety", DEMO_DADIANWANG, Village, "“家庭安康”工程", DDW, 1, &[("sessions", 1), ("participants", 600)]),
    plan("family_safety", DEMO_DOUJIAZHUANG, Village, "“家庭安康”工程", DJZ, 1, &[("sessions", 1), ("participants", 500)]),
    // 巾帼文明创建行动: 124 volunteer services, 6,050 元 of goods
    plan("volunteer_service", DEMO_HEWAN, Village, "巾帼志愿服务", HEWAN, 6, &[("sessions", 18), ("participants", 180)]),
    plan("volunteer_service", DEMO_HEWAN_GRID, Village, "网格巾帼志愿服务", HEWAN, 2, &[("sessions", 6), ("participants", 60)]),
    plan("volunteer_service", DEMO_HUTONG, Village, "“美在农家”户创建志愿服务", HUTONG, 6, &[("sessions", 18), ("participants", 180)]),
    plan("volunteer_service", DEMO_XIAOJING, Village, "人居环境整治志愿服务", XIAOJING, 6, &[("sessions", 18), ("participants", 180)]),
    plan("volunteer_service", DEMO_DADIANWANG, Village, "巾帼志愿服务", DDW, 5, &[("sessions", 16), ("participants", 160)]),
    plan("volunteer_service", DEMO_DOUJIAZHUANG, Village, "助力卫生县城巩固", DJZ, 5, &[("sessions", 15), ("participants", 150)]),
    plan("volunteer_service", DEMO_BAIMA, Village, "巾帼志愿服务", BAIMA, 5, &[("sessions", 15), ("participants", 150)]),
    plan("volunteer_service", DEMO_JUNDONG, Village, "巾帼志愿服务", JUNDONG, 6, &[("sessions", 18), ("participants", 180)]),
    plan("donated_goods", DEMO_ROOT, Subdistrict, "爱心超市“美在农家”物资", ST, 3, &[("funds_fen", 605_000)]),
    plan("beautiful_courtyard", DEMO_DADIANWANG, Village, "美丽庭院建设", DDW, 2, &[("households", 40)]),
    plan("beautiful_courtyard", DEMO_DOUJIAZHUANG, Village, "“家风家训”一条街", DJZ, 1, &[("households", 18)]),
    plan("beautiful_courtyard", DEMO_BAIMA, Village, "“绿满沂蒙花满村”", BAIMA, 1, &[("households", 15)]),
    plan("clean_village", DEMO_JUNDONG, Village, "社区廉洁文化景观带", JUNDONG, 2, &[("sessions", 2), ("participants", 160)]),
    // 公益募捐: 110,000 元
    plan("donation", DEMO_BAOYE, City, "“绿满沂蒙花满村”公益募捐", "宝业建筑集团", 1, &[("funds_fen", 6_000_000)]),
    plan("donation", DEMO_BILUSI, City, "“绿满沂蒙花满村”公益募捐", "碧陆斯光电", 1, &[("funds_fen", 5_000_000)]),
];

const SURNAMES: [&str; 16] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "孙", "周", "吴", "徐", "朱", "马", "胡", "郭", "窦",
];
const GIVEN: [&str; 13] = [
    "秀英", "桂兰", "玉梅", "红霞", "丽娟", "春燕", "海燕", "翠平", "淑珍", "美玲", "凤芝", "晓琳",
    "艳萍",
];
const REASONS: [&str; 2] = ["不能正常履职", "履职能力不强"];

/// A name that depends only on `n` (distinct for the first 208).
fn name(n: u32) -> String {
    let s = SURNAMES[(n as usize) % SURNAMES.len()];
    let g = GIVEN[(n as usize / SURNAMES.len() + n as usize * 5) % GIVEN.len()];
    format!("{s}{g}")
}

/// The 2023 entries of the demo, in plan order.
pub fn demo_year_entries() -> Vec<Entry> {
    let jan1 = LocalDate::new(DEMO_YEAR, 1, 1).map_or(0, LocalDate::to_days);
    let mut out = Vec::new();
    let mut serial: u32 = 0;
    for (p, plan) in PLANS.iter().enumerate() {
        let n = plan.entries.max(1);
        for i in 0..n {
            serial += 1;
            // Spread over the year, each row starting elsewhere; before 12-31.
            let day = (p as i64 * 37 + i64::from(i) * 360 / i64::from(n) + 9) % 360;
            let date = LocalDate::from_days(jan1 + day);
            let ms =
                (date.to_days() * 86_400_000 + 2 * 3_600_000) as u64 + u64::from(serial) * 1_000;
            let counts = plan
                .totals
                .iter()
                .map(|&(key, total)| {
                    let share =
                        total / u64::from(n) + u64::from(u64::from(i) < total % u64::from(n));
                    (key.to_owned(), share)
                })
                .filter(|(_, v)| *v > 0)
                .collect();
            let person = match (plan.kind, plan.change) {
                (_, Some(change)) => Some(Person {
                    name: name(serial),
                    change: Some(change),
                    replaces: if change == MemberChange::Replaced {
                        name(serial + 101)
                    } else {
                        String::new()
                    },
                    reason: if change == MemberChange::Replaced {
                        REASONS[serial as usize % REASONS.len()].to_owned()
                    } else {
                        "新任村妇联执委".to_owned()
                    },
                }),
                ("honour_family" | "honour_healthy", None) => Some(Person {
                    name: format!("{}家庭", name(serial)),
                    ..Person::default()
                }),
                ("honour_inlaw", None) => Some(Person {
                    name: name(serial),
                    ..Person::default()
                }),
                _ => None,
            };
            out.push(Entry {
                id: Uuid::from_u64_pair(
                    (ms << 16) | 0x7000,
                    0x8000_2023_0000_0000 | u64::from(serial),
                ),
                org_id: plan.org,
                kind: plan.kind.to_owned(),
                title: plan.title.to_owned(),
                date,
                end_date: None,
                place: plan.place.to_owned(),
                level: plan.level,
                partners: plan.partners.iter().map(|s| (*s).to_owned()).collect(),
                counts,
                person,
                note: String::new(),
                deleted: false,
                created_ms: ms as i64,
                updated_ms: ms as i64,
                photos: Vec::new(),
            });
        }
    }
    out
}

#[cfg(test)]
#[path = "demo_year_tests.rs"]
mod tests;
