//! The default catalogue: the nine work lines of a subdistrict federation and
//! their kinds, as the 2023 report of Pingyi subdistrict counts them
//! (DOMAIN.md). A deployment starts from this and edits it.

use crate::catalogue::{Catalogue, CountDef, KindDef, Phrase, Shape, Unit, WorkLine};

/// v3: summary phrases (`KindDef::phrase`); 好婆婆好媳妇 counted in 人.
/// The version of [`default_catalogue`].
pub const DEFAULT_CATALOGUE_VERSION: u32 = 3;

/// `(key, unit, zh, en, required)`.
type C = (&'static str, Unit, &'static str, &'static str, bool);

const SESSIONS: C = ("sessions", Unit::Sessions, "场次", "Sessions", true);
const TIMES: C = ("times", Unit::Times, "次数", "Times", true);
const ATTENDANCES: C = (
    "participants",
    Unit::Attendances,
    "参与人数",
    "Participants",
    false,
);
const BENEFICIARIES: C = (
    "beneficiaries",
    Unit::People,
    "受益人数",
    "Beneficiaries",
    false,
);
const HOUSEHOLDS: C = ("households", Unit::Households, "户数", "Households", true);
const ORGS: C = (
    "organisations",
    Unit::Organisations,
    "组织数",
    "Organisations",
    true,
);
const DOCUMENTS: C = ("documents", Unit::Documents, "文件数", "Documents", true);
const FUNDS: C = ("funds_fen", Unit::MoneyFen, "金额", "Amount", true);
const FUNDS_OPTIONAL: C = (
    "funds_fen",
    Unit::MoneyFen,
    "争取资金",
    "Funds obtained",
    false,
);
const TRAINED: C = ("trained", Unit::People, "培训人数", "People trained", false);
const EMPLOYED: C = (
    "employed",
    Unit::Persons,
    "带动就业人数",
    "People employed",
    false,
);

/// `(code, line, zh, en, counts, sensitive)`; activities unless listed in
/// [`PEOPLE_KINDS`].
type K = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [C],
    bool,
);

/// Kinds that record a person or household, not an activity: `(code, line,
/// zh, en, shape)`. Each record counts one of its unit in the totals.
const PEOPLE_KINDS: [(&str, &str, &str, &str, Shape); 4] = [
    (
        "committee_change",
        "organisation",
        "执委进退",
        "Committee change",
        Shape::Member,
    ),
    (
        "honour_family",
        "family",
        "最美家庭",
        "Most beautiful family",
        Shape::Honour {
            unit: Unit::Households,
        },
    ),
    (
        "honour_inlaw",
        "family",
        "好婆婆好媳妇",
        "Good mother- and daughter-in-law",
        Shape::Honour { unit: Unit::People },
    ),
    (
        "honour_healthy",
        "health",
        "健康家庭",
        "Healthy family",
        Shape::Honour {
            unit: Unit::Households,
        },
    ),
];

const LINES: [(&str, &str, &str); 9] = [
    ("organisation", "组织建设", "Organisation building"),
    ("guidance", "思想引领", "Guidance"),
    ("family", "家庭家教家风", "Family values"),
    ("rural", "乡村振兴巾帼行动", "Rural revitalisation"),
    ("rights", "巾帼维权服务行动", "Rights protection"),
    ("care", "巾帼暖心服务行动", "Care for the vulnerable"),
    ("health", "健康中国·母亲行动", "Healthy China: mothers"),
    ("civility", "巾帼文明创建行动", "Civility"),
    ("fundraising", "公益募捐", "Fundraising"),
];

const KINDS: &[K] = &[
    (
        "meeting",
        "organisation",
        "组织建设会议",
        "Organisation meeting",
        &[TIMES, ATTENDANCES],
        false,
    ),
    (
        "document",
        "organisation",
        "印发文件",
        "Document issued",
        &[DOCUMENTS],
        false,
    ),
    (
        "new_federation",
        "organisation",
        "新建妇联组织",
        "New federation",
        &[ORGS],
        false,
    ),
    (
        "new_women_group",
        "organisation",
        "新建妇女小组",
        "New women's group",
        &[ORGS],
        false,
    ),
    (
        "lecture",
        "guidance",
        "宣讲活动",
        "Lecture",
        &[SESSIONS, ATTENDANCES],
        false,
    ),
    (
        "family_education",
        "family",
        "家庭教育讲座",
        "Family-education lecture",
        &[SESSIONS, ATTENDANCES],
        false,
    ),
    (
        "reading_contest",
        "family",
        "亲子阅读评比",
        "Parent-child reading contest",
        &[SESSIONS, ATTENDANCES],
        false,
    ),
    (
        "skills_training",
        "rural",
        "技能培训",
        "Skills training",
        &[SESSIONS, TRAINED],
        false,
    ),
    (
        "volunteer_train",
        "rural",
        "志愿服务直通车",
        "Volunteer service train",
        &[SESSIONS, BENEFICIARIES],
        false,
    ),
    (
        "employment_project",
        "rural",
        "就业创业项目",
        "Employment project",
        &[TRAINED, EMPLOYED],
        false,
    ),
    (
        "legal_awareness",
        "rights",
        "普法宣传",
        "Legal-awareness event",
        &[SESSIONS, BENEFICIARIES],
        false,
    ),
    (
        "high_risk_screening",
        "rights",
        "重点人群和高风险家庭排查",
        "Screening of high-risk families",
        &[TIMES, HOUSEHOLDS],
        true,
    ),
    (
        "visit",
        "care",
        "走访慰问",
        "Visit to vulnerable groups",
        &[TIMES, BENEFICIARIES, FUNDS_OPTIONAL],
        false,
    ),
    (
        "family_safety",
        "health",
        "家庭安康工程",
        "Family safety programme",
        &[SESSIONS, ATTENDANCES],
        false,
    ),
    (
        "volunteer_service",
        "civility",
        "志愿服务",
        "Volunteer service",
        &[SESSIONS, ATTENDANCES],
        false,
    ),
    (
        "donated_goods",
        "civility",
        "爱心超市捐助",
        "Donated goods (love supermarket)",
        &[FUNDS],
        false,
    ),
    (
        "beautiful_courtyard",
        "civility",
        "美丽庭院创建",
        "Beautiful courtyards",
        &[HOUSEHOLDS],
        false,
    ),
    (
        "clean_village",
        "civility",
        "清廉村居建设",
        "Clean-governance village",
        &[SESSIONS, ATTENDANCES],
        false,
    ),
    (
        "donation",
        "fundraising",
        "公益募捐",
        "Donation",
        &[FUNDS],
        false,
    ),
];

/// The catalogue a new deployment starts with.
pub fn default_catalogue() -> Catalogue {
    let count = |&(key, unit, zh, en, required): &C| CountDef {
        key: key.into(),
        unit,
        zh: zh.into(),
        en: en.into(),
        required,
    };
    Catalogue {
        version: DEFAULT_CATALOGUE_VERSION,
        lines: LINES
            .iter()
            .map(|&(code, zh, en)| WorkLine {
                code: code.into(),
                zh: zh.into(),
                en: en.into(),
            })
            .collect(),
        kinds: KINDS
            .iter()
            .map(|&(code, line, zh, en, counts, sensitive)| KindDef {
                code: code.into(),
                line: line.into(),
                zh: zh.into(),
                en: en.into(),
                counts: counts.iter().map(count).collect(),
                shape: Shape::Activity,
                sensitive,
                retired: false,
                phrase: phrase(code),
            })
            .chain(
                PEOPLE_KINDS
                    .iter()
                    .map(|&(code, line, zh, en, shape)| KindDef {
                        code: code.into(),
                        line: line.into(),
                        zh: zh.into(),
                        en: en.into(),
                        counts: Vec::new(),
                        shape,
                        sensitive: false,
                        retired: false,
                        phrase: phrase(code),
                    }),
            )
            .chain(std::iter::once(KindDef {
                code: "other".into(),
                line: "organisation".into(),
                zh: "其他工作".into(),
                en: "Other work".into(),
                counts: [SESSIONS, ATTENDANCES].iter().map(count).collect(),
                shape: Shape::Activity,
                sensitive: false,
                retired: false,
                phrase: Phrase::default(),
            }))
            .collect(),
    }
}

/// The default catalogue's phrasing, after the seed article.
fn phrase(kind: &str) -> Phrase {
    let zh = match kind {
        "meeting" => "召开{kind}{times}",
        "document" => "印发相关文件{documents}",
        "new_federation" => "新建妇联组织{organisations}",
        "new_women_group" => "新建妇女小组{organisations}",
        "committee_change" => "调整妇联执委{~replaced}，增补{~joined}，退出{~left}",
        "lecture" => "累计开展宣讲{sessions}，参与党员干部群众{participants}",
        "family_education" => "开展家庭教育讲座{sessions}，参与{participants}",
        "reading_contest" => "开展亲子悦读评比表彰活动{sessions}",
        "honour_family" => "评选表彰“最美家庭”{records}{levels}",
        "honour_inlaw" => "评选表彰“好婆婆好媳妇”{records}{levels}",
        "skills_training" => "开展技能培训{sessions}，培训{trained}",
        "volunteer_train" => "开展志愿服务直通车{sessions}，服务群众{beneficiaries}",
        "employment_project" => {
            "对接就业创业项目，累计培训妇女就业{trained}，带动{employed}妇女就业"
        }
        "legal_awareness" => "开展巾帼普法宣传活动{sessions}，受益妇女群众{beneficiaries}",
        "high_risk_screening" => "开展重点人群和高风险家庭排查活动{times}",
        "visit" => {
            "开展特殊群体走访慰问等活动{times}，惠及{beneficiaries}，争取关爱资金{funds_fen}"
        }
        "honour_healthy" => "累计推选“健康家庭”{records}{levels}",
        "family_safety" => "{participants}参加“家庭安康”工程",
        "volunteer_service" => "累计开展志愿服务活动{sessions}，参与{participants}",
        "donated_goods" => "累计争取爱心企业捐助{funds_fen}物资",
        "beautiful_courtyard" => "创建美丽庭院{households}",
        "clean_village" => "开展清廉村居建设活动{sessions}",
        "donation" => "累计捐款{funds_fen}",
        _ => return Phrase::default(),
    };
    Phrase {
        zh: Some(zh.to_owned()),
        en: None,
    }
}
