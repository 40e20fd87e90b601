use super::*;
use crate::catalogue_default::default_catalogue;
use crate::date::Period;
use crate::fixtures::demo_orgs;
use crate::lang::Lang;
use crate::org::OrgTree;
use crate::report::build::{Report, ReportQuery};
use crate::report::summary::summary;
use crate::report::tally::Tally;
use crate::validate::validate_entry;
use std::collections::HashSet;

fn year_report() -> Report {
    let entries = demo_year_entries();
    let period = Period::year_of(LocalDate::new(DEMO_YEAR, 6, 1).unwrap());
    let tally = Tally::of_entries(&entries, period);
    Report::build(
        ReportQuery {
            period,
            root: DEMO_ROOT,
        },
        &tally,
        &default_catalogue(),
        &OrgTree::new(demo_orgs()),
    )
}

#[test]
fn every_demo_entry_is_valid_unique_and_in_the_year() {
    let cat = default_catalogue();
    let entries = demo_year_entries();
    let today = LocalDate::new(2024, 1, 12).unwrap();
    for e in &entries {
        assert_eq!(validate_entry(e, &cat, today, true), Ok(()), "{e:?}");
        assert_eq!(e.date.year(), DEMO_YEAR);
    }
    let ids: HashSet<_> = entries.iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), entries.len());
    let orgs: HashSet<_> = demo_orgs().into_iter().map(|o| o.id).collect();
    assert!(entries.iter().all(|e| orgs.contains(&e.org_id)));
    assert_eq!(demo_year_entries(), entries, "deterministic");
}

#[test]
fn the_demo_year_totals_are_the_articles() {
    let r = year_report();
    let count = |kind: &str, key: &str| -> u64 {
        r.lines
            .iter()
            .find_map(|l| l.kind(kind))
            .map_or(0, |k| k.cell.counts.get(key).copied().unwrap_or(0))
    };
    let records = |kind: &str| -> u64 {
        r.lines
            .iter()
            .find_map(|l| l.kind(kind))
            .map_or(0, |k| k.cell.records())
    };
    assert_eq!(count("meeting", "times"), 3);
    assert_eq!(count("document", "documents"), 2);
    assert_eq!(count("new_federation", "organisations"), 27);
    assert_eq!(count("lecture", "sessions"), 89);
    assert_eq!(count("lecture", "participants"), 4_052);
    assert_eq!(count("family_education", "sessions"), 7);
    assert_eq!(count("reading_contest", "sessions"), 1);
    assert_eq!(records("honour_family"), 26);
    assert_eq!(records("honour_inlaw"), 46);
    assert_eq!(count("skills_training", "sessions"), 9);
    assert_eq!(count("volunteer_train", "sessions"), 3);
    assert_eq!(count("employment_project", "trained"), 205);
    assert_eq!(count("employment_project", "employed"), 6);
    assert_eq!(count("legal_awareness", "sessions"), 6);
    assert_eq!(count("legal_awareness", "beneficiaries"), 705);
    assert_eq!(count("high_risk_screening", "times"), 2);
    assert_eq!(count("visit", "times"), 5);
    assert_eq!(count("visit", "funds_fen"), 1_500_000);
    assert_eq!(records("honour_healthy"), 9);
    assert_eq!(count("family_safety", "participants"), 3_650);
    assert_eq!(count("volunteer_service", "sessions"), 124);
    assert_eq!(count("donated_goods", "funds_fen"), 605_000);
    assert_eq!(count("donation", "funds_fen"), 11_000_000);
    let changes = &r
        .line("organisation")
        .unwrap()
        .kind("committee_change")
        .unwrap()
        .cell
        .changes;
    assert_eq!(changes[&MemberChange::Replaced], 11);
    assert_eq!(changes[&MemberChange::Joined], 2);
    // The women's group of the shuttlecock team recorded nothing: call it.
    let silent: Vec<&str> = r.silent.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(silent, ["河湾社区毽子队妇女小组"]);
}

#[test]
fn the_2023_summary_says_what_the_article_says() {
    let text = summary(&year_report(), &default_catalogue(), Lang::Zh).to_text();
    for figure in [
        "召开组织建设会议3次",
        "印发相关文件2份",
        "新建妇联组织27个",
        "调整妇联执委11名，增补2名",
        "累计开展宣讲80余场，参与党员干部群众4000余人",
        "开展家庭教育讲座7场",
        "亲子悦读评比表彰活动1场",
        "“最美家庭”26户",
        "“好婆婆好媳妇”46人",
        "开展技能培训9场",
        "开展志愿服务直通车3场",
        "累计培训妇女就业200余人",
        "带动6名妇女就业",
        "开展巾帼普法宣传活动6场，受益妇女群众700余人",
        "排查活动2次",
        "开展特殊群体走访慰问等活动5次",
        "争取关爱资金1.5万元",
        "累计推选“健康家庭”9户（其中市级1户）",
        "3600余人次参加“家庭安康”工程",
        "累计开展志愿服务活动120余场",
        "捐助6000余元物资",
        "累计捐款11万元",
    ] {
        assert!(text.contains(figure), "missing {figure:?} in:\n{text}");
    }
    assert!(
        text.starts_with("平邑街道妇联2023年工作总结（草稿）"),
        "{text}"
    );
    assert!(!text.contains('{'), "every placeholder filled:\n{text}");
}

#[test]
fn the_english_summary_has_the_same_figures() {
    let text = summary(&year_report(), &default_catalogue(), Lang::En).to_text();
    for figure in [
        "over 80 sessions",
        "over 4,000 attendances",
        "26 households",
        "46 people",
        "15,000 yuan",
        "110,000 yuan",
        "over 120 sessions",
        "over 6,000 yuan",
        "over 3,600 attendances",
    ] {
        assert!(text.contains(figure), "missing {figure:?} in:\n{text}");
    }
    assert!(text.contains("summary of work in 2023"), "{text}");
}
