use super::*;
use crate::catalogue::Phrase;
use crate::catalogue_default::default_catalogue;
use crate::report::tally::Cell;
use crate::report::totals::Sums;

fn kind(code: &str, counts: &[(&str, u64)], levels: &[(Level, u64)]) -> KindReport {
    KindReport {
        code: code.into(),
        cell: Cell {
            by_level: levels.iter().copied().collect(),
            counts: counts.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
            changes: Default::default(),
        },
        sums: Sums::default(),
    }
}

#[test]
fn a_clause_whose_figures_are_all_zero_is_left_out() {
    let cat = default_catalogue();
    let visit = kind("visit", &[("times", 5)], &[(Level::Village, 5)]);
    assert_eq!(
        sentence(&visit, cat.kind("visit"), Lang::Zh).unwrap(),
        "开展特殊群体走访慰问等活动5次"
    );
    let funded = kind(
        "visit",
        &[("times", 1), ("funds_fen", 612_345)],
        &[(Level::Village, 1)],
    );
    assert_eq!(
        sentence(&funded, cat.kind("visit"), Lang::Zh).unwrap(),
        "开展特殊群体走访慰问等活动1次，争取关爱资金6100余元"
    );
    let nothing = kind("visit", &[], &[]);
    assert_eq!(sentence(&nothing, cat.kind("visit"), Lang::Zh), None);
}

#[test]
fn levels_above_the_subdistrict_are_named_highest_first() {
    let cat = default_catalogue();
    let honours = kind(
        "honour_healthy",
        &[],
        &[(Level::Village, 5), (Level::City, 2), (Level::Province, 1)],
    );
    assert_eq!(
        sentence(&honours, cat.kind("honour_healthy"), Lang::Zh).unwrap(),
        "累计推选“健康家庭”8户（其中省级1户、市级2户）"
    );
    assert_eq!(
        sentence(&honours, cat.kind("honour_healthy"), Lang::En).unwrap(),
        "Healthy family: 8 households (of which 1 households at province level, 2 households at city level)"
    );
}

#[test]
fn kinds_without_a_template_list_their_figures_and_unknown_placeholders_stay() {
    let mut cat = default_catalogue();
    let lecture = kind(
        "lecture",
        &[("sessions", 83), ("participants", 4_052)],
        &[(Level::Village, 20)],
    );
    assert_eq!(
        sentence(&lecture, cat.kind("lecture"), Lang::En).unwrap(),
        "Lecture: over 80 sessions, participants over 4,000 attendances"
    );
    let def = cat.kinds.iter_mut().find(|k| k.code == "lecture").unwrap();
    def.phrase = Phrase::default();
    assert_eq!(
        sentence(&lecture, Some(def), Lang::Zh).unwrap(),
        "开展宣讲活动80余场，参与人数4000余人次"
    );
    def.phrase.zh = Some("宣讲{sessions}，{misprint}".into());
    assert_eq!(
        sentence(&lecture, Some(def), Lang::Zh).unwrap(),
        "宣讲80余场，{misprint}"
    );
    let unknown = kind("campaign_2030", &[("sessions", 3)], &[(Level::Village, 3)]);
    assert_eq!(
        sentence(&unknown, None, Lang::Zh).unwrap(),
        "campaign_2030：3次"
    );
}
