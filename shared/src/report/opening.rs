//! The parts of a yearly summary (年度总结) around the work lines' figures:
//! the opening paragraph — the period, the organisation, and the headline
//! figures in the federation's phrasing ("2023年，平邑街道妇联团结带领…全年共
//! 记录工作台账120条，累计开展各类活动80余场、参与群众4000余人次…") — and the
//! closing sections the office writes itself (存在问题, 下一步打算), numbered
//! after the work lines and handed over empty, with a prompt to show in the
//! empty field.

use super::build::Report;
use super::figure::figure;
use crate::catalogue::Unit;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// A section the office writes: its heading and what the empty field
/// suggests (a placeholder, never text of the summary).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionPrompt {
    pub heading: String,
    pub prompt: String,
}

/// Chinese numerals for headings: 一 … 十, 十一 … 九十九.
pub fn zh_numeral(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => "零".into(),
        1..=9 => DIGITS[n].into(),
        10..=19 => format!("十{}", DIGITS[n % 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

/// Whether the report covers exactly one calendar year.
pub fn is_whole_year(report: &Report) -> bool {
    let p = report.query.period;
    p.from.month() == 1
        && p.from.day() == 1
        && p.to.month() == 12
        && p.to.day() == 31
        && p.from.year() == p.to.year()
}

/// The opening paragraph of `report`'s summary.
pub fn opening(report: &Report, lang: Lang) -> String {
    let period = report.query.period;
    let whole_year = is_whole_year(report);
    let active = report.expected - (report.silent.len() as u64).min(report.expected);
    let all = &report.all;
    // The headline figures, each left out when nothing counted it.
    let headline: Vec<String> = [
        (Unit::Sessions, "累计开展各类活动", ""),
        (Unit::Attendances, "参与群众", ""),
        (Unit::People, "服务妇女群众", " served"),
        (Unit::MoneyFen, "争取和募集资金", " raised"),
    ]
    .into_iter()
    .filter(|(unit, _, _)| all.get(*unit) > 0)
    .map(|(unit, zh, en)| {
        let n = figure(all.get(unit), unit, lang);
        match lang {
            Lang::Zh => format!("{zh}{n}"),
            Lang::En => format!("{n}{en}"),
        }
    })
    .collect();
    match lang {
        Lang::Zh => {
            let when = if whole_year {
                format!("{}年", period.from.year())
            } else {
                format!("{}至{}", period.from, period.to)
            };
            let so_far = if whole_year { "全年" } else { "期间" };
            let mut out = format!(
                "{when}，{}团结带领辖区各级妇联组织和广大妇女群众，围绕中心、服务大局，\
                 扎实推进各项工作。{so_far}共记录工作台账{}条",
                report.root_name, all.records
            );
            if !headline.is_empty() {
                out.push('，');
                out.push_str(&headline.join("，"));
            }
            if report.expected > 0 {
                out.push_str(&format!(
                    "；{}个下属妇联组织中{}个有工作记录",
                    report.expected, active
                ));
            }
            out.push_str(&format!(
                "。现将{}工作总结如下：",
                if whole_year { "全年" } else { "有关" }
            ));
            out
        }
        Lang::En => {
            let when = if whole_year {
                format!("In {}", period.from.year())
            } else {
                format!("From {} to {}", period.from, period.to)
            };
            let mut out = format!(
                "{when}, {} led the federations below it and the women of its area in their work, \
                 recording {} entries",
                report.root_name, all.records
            );
            if !headline.is_empty() {
                out.push_str(": ");
                out.push_str(&headline.join(", "));
            }
            if report.expected > 0 {
                out.push_str(&format!(
                    "; {active} of {} organisations below recorded work",
                    report.expected
                ));
            }
            out.push_str(". The work is summarised below.");
            out
        }
    }
}

/// The closing sections, numbered from `first` (the number after the last
/// work line's heading): 存在问题 and 下一步打算.
pub fn closing_sections(first: usize, lang: Lang) -> Vec<SectionPrompt> {
    let parts = [
        (
            ("存在问题", "Problems"),
            (
                "如：部分村居台账记录不够及时、活动照片留存不全；基层妇联执委履职能力有待提升……",
                "For example: some villages record late or keep too few photos; committee members need training…",
            ),
        ),
        (
            ("下一步打算", "Plans for next year"),
            (
                "如：加强台账规范化管理，做到活动当天记录、当天上传；深化“巾帼”系列行动……",
                "For example: record each activity on the day; extend the women's action campaigns…",
            ),
        ),
    ];
    parts
        .into_iter()
        .enumerate()
        .map(|(i, ((zh, en), (pzh, pen)))| SectionPrompt {
            heading: match lang {
                Lang::Zh => format!("{}、{zh}", zh_numeral(first + i)),
                Lang::En => format!("{}. {en}", first + i),
            },
            prompt: lang.pick(pzh, pen).to_owned(),
        })
        .collect()
}

#[cfg(test)]
#[path = "opening_tests.rs"]
mod tests;
