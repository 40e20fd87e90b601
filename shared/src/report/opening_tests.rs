use super::*;
use crate::catalogue_default::default_catalogue;
use crate::date::{LocalDate, Period};
use crate::demo_year::{demo_year_entries, DEMO_YEAR};
use crate::fixtures::{demo_orgs, DEMO_ROOT};
use crate::org::OrgTree;
use crate::report::build::ReportQuery;
use crate::report::summary::summary;
use crate::report::tally::Tally;

fn report(period: Period, entries: &[crate::Entry]) -> Report {
    Report::build(
        ReportQuery {
            period,
            root: DEMO_ROOT,
        },
        &Tally::of_entries(entries, period),
        &default_catalogue(),
        &OrgTree::new(demo_orgs()),
    )
}

fn year() -> Period {
    Period::year_of(LocalDate::new(DEMO_YEAR, 6, 1).unwrap())
}

#[test]
fn numerals_read_as_chinese_headings_do() {
    let got: Vec<String> = [1, 9, 10, 11, 19, 20, 21, 99].map(zh_numeral).into();
    assert_eq!(
        got,
        ["一", "九", "十", "十一", "十九", "二十", "二十一", "九十九"]
    );
}

#[test]
fn the_years_opening_names_the_year_the_organisation_and_the_headline_figures() {
    let r = report(year(), &demo_year_entries());
    let text = opening(&r, Lang::Zh);
    let active = r.expected - r.silent.len() as u64;
    assert!(
        text.starts_with("2023年，平邑街道妇联团结带领辖区各级妇联组织和广大妇女群众"),
        "{text}"
    );
    for part in [
        format!("全年共记录工作台账{}条", r.all.records),
        format!(
            "累计开展各类活动{}",
            figure(r.all.get(Unit::Sessions), Unit::Sessions, Lang::Zh)
        ),
        format!(
            "参与群众{}",
            figure(r.all.get(Unit::Attendances), Unit::Attendances, Lang::Zh)
        ),
        format!(
            "争取和募集资金{}",
            figure(r.all.get(Unit::MoneyFen), Unit::MoneyFen, Lang::Zh)
        ),
        format!("{}个下属妇联组织中{active}个有工作记录", r.expected),
    ] {
        assert!(text.contains(&part), "{part} in {text}");
    }
    assert!(text.ends_with("。现将全年工作总结如下："), "{text}");
    // The article's own figures come through: over 200 sessions in all, money in 万元.
    assert!(r.all.get(Unit::Sessions) >= 200, "{text}");
    assert!(text.contains("万"), "{text}");

    let en = opening(&r, Lang::En);
    assert!(en.starts_with("In 2023, 平邑街道妇联 led"), "{en}");
    assert!(
        en.contains(&format!("recording {} entries: ", r.all.records)),
        "{en}"
    );
    assert!(en.ends_with("The work is summarised below."), "{en}");
}

#[test]
fn a_quarter_with_nothing_recorded_says_so_without_empty_figures() {
    let quarter = Period {
        from: LocalDate::new(DEMO_YEAR, 3, 1).unwrap(),
        to: LocalDate::new(DEMO_YEAR, 5, 31).unwrap(),
    };
    let text = opening(&report(quarter, &[]), Lang::Zh);
    assert!(
        text.starts_with("2023-03-01至2023-05-31，平邑街道妇联"),
        "{text}"
    );
    assert!(text.contains("期间共记录工作台账0条；"), "{text}");
    assert!(!text.contains("累计开展各类活动"), "{text}");
    assert!(!text.contains("资金"), "{text}");
    assert!(text.ends_with("现将有关工作总结如下："), "{text}");
}

#[test]
fn the_closing_sections_follow_the_work_lines_empty_with_prompts() {
    let r = report(year(), &demo_year_entries());
    let s = summary(&r, &default_catalogue(), Lang::Zh);
    let n = s.paragraphs.len();
    assert!(n >= 2);
    let headings: Vec<&str> = s.sections.iter().map(|x| x.heading.as_str()).collect();
    assert_eq!(
        headings,
        [
            format!("{}、存在问题", zh_numeral(n + 1)),
            format!("{}、下一步打算", zh_numeral(n + 2)),
        ]
    );
    assert!(s.sections.iter().all(|x| x.prompt.starts_with("如：")));
    // The plain text has the opening first and the sections' headings last,
    // the prompts nowhere (they are placeholders, not text).
    let text = s.to_text();
    assert!(text.contains(&format!("\n\n{}\n", s.opening)), "{text}");
    assert!(text.ends_with(&format!("\n{}\n", headings[1])), "{text}");
    assert!(!text.contains("如："), "{text}");
    let en = closing_sections(3, Lang::En);
    assert_eq!(en[0].heading, "3. Problems");
    assert_eq!(en[1].heading, "4. Plans for next year");
}
