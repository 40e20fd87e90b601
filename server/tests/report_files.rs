//! Reports as files, and who may ask for what: the XLSX read back (sheets,
//! headers, figures as numbers, money in 元), the CSV (BOM, headers, totals),
//! the summary as a .docx (a zip with the text); a cadre's report stops at
//! her own organisation, a viewer reads the subdistrict; bad periods,
//! organisations and summaries are refused in both languages.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::{create, device, error_code, Reply, Session, TestApp};
use serde_json::json;
use shared::access::Role;
use shared::api::{REPORT_CSV_PATH, REPORT_PATH, REPORT_XLSX_PATH, SUMMARY_DOCX_PATH};
use shared::entry::{Level, MemberChange, Person};
use shared::fixtures::{sample_entry, DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_ROOT, DEMO_XIAOJING};
use shared::report::build::Report;
use shared::report::wire::MAX_SUMMARY_CHARS;
use shared::sync::protocol::PushRequest;
use shared::Entry;
use std::io::{Cursor, Read};
use uuid::Uuid;

const YEAR: &str = "from=2024-01-01&to=2024-12-31";

/// Three entries of 2024: a visit by 河湾 that obtained 15,000 元, a
/// lecture by 小井村, a committee member joining 河湾's committee.
async fn with_entries() -> TestApp {
    let app = TestApp::new().await;
    let entry = |n: u32, org: Uuid, kind: &str, date: &str, counts: &[(&str, u64)]| Entry {
        org_id: org,
        kind: kind.into(),
        date: date.parse().unwrap(),
        level: Level::Village,
        counts: counts.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        ..sample_entry(n)
    };
    let visit = entry(
        1,
        DEMO_HEWAN,
        "visit",
        "2024-03-05",
        &[
            ("times", 1),
            ("beneficiaries", 30),
            ("funds_fen", 1_500_000),
        ],
    );
    let lecture = entry(
        2,
        DEMO_XIAOJING,
        "lecture",
        "2024-04-10",
        &[("sessions", 2), ("participants", 80)],
    );
    let mut joined = entry(3, DEMO_HEWAN, "committee_change", "2024-05-20", &[]);
    joined.person = Some(Person {
        name: "王秀英".into(),
        change: Some(MemberChange::Joined),
        ..Person::default()
    });
    let changes = [visit, lecture, joined]
        .into_iter()
        .zip(1..)
        .map(|(e, seq)| create(seq, e))
        .collect();
    let reply = app
        .push(&PushRequest {
            device_id: device(1),
            changes,
        })
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(!reply.text().contains("rejected"), "{}", reply.text());
    app
}

async fn session(app: &TestApp, name: &str, role: Role, org: Uuid, n: u128) -> Session {
    app.add_user(name, role, org).await;
    app.login(name, device(n)).await
}

fn workbook(reply: &Reply) -> Xlsx<Cursor<Vec<u8>>> {
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.header(CONTENT_TYPE),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    open_workbook_from_rs(Cursor::new(reply.body.to_vec())).unwrap()
}

fn text(d: Option<&Data>) -> String {
    match d {
        Some(Data::String(s)) => s.clone(),
        other => panic!("not a string: {other:?}"),
    }
}

#[tokio::test]
async fn the_workbook_has_a_summary_and_a_sheet_per_line_with_numbers() {
    let app = with_entries().await;
    let mut book = workbook(&app.get_admin(&format!("{REPORT_XLSX_PATH}?{YEAR}")).await);
    assert_eq!(
        book.sheet_names(),
        ["汇总", "组织建设", "思想引领", "巾帼暖心服务行动"]
    );
    let summary = book.worksheet_range("汇总").unwrap();
    let header: Vec<String> = (0..5).map(|c| text(summary.get_value((3, c)))).collect();
    assert_eq!(header, ["工作线", "活动类型", "统计项", "数值", "单位"]);
    let row = (4..summary.height() as u32)
        .find(|&r| text(summary.get_value((r, 2))) == "争取资金")
        .expect("the funds of the visit");
    assert_eq!(text(summary.get_value((row, 0))), "巾帼暖心服务行动");
    assert_eq!(text(summary.get_value((row, 1))), "走访慰问");
    assert_eq!(summary.get_value((row, 3)), Some(&Data::Float(15000.00)));
    assert_eq!(text(summary.get_value((row, 4))), "元");
    let all_records = (4..summary.height() as u32)
        .find(|&r| text(summary.get_value((r, 0))) == "总计")
        .unwrap();
    assert_eq!(summary.get_value((all_records, 3)), Some(&Data::Float(3.0)));

    // The care line: one row per organisation under the root, the visit's
    // columns, money as a number.
    let care = book.worksheet_range("巾帼暖心服务行动").unwrap();
    assert_eq!(text(care.get_value((3, 0))), "组织");
    assert_eq!(text(care.get_value((3, 2))), "走访慰问");
    let columns: Vec<String> = (2..6).map(|c| text(care.get_value((4, c)))).collect();
    assert_eq!(
        columns,
        [
            "记录数（条）",
            "次数（次）",
            "受益人数（人）",
            "争取资金（元）"
        ]
    );
    assert_eq!(text(care.get_value((5, 0))), "平邑街道妇联（本级）");
    let hewan = (5..care.height() as u32)
        .find(|&r| text(care.get_value((r, 0))) == "河湾社区妇联")
        .unwrap();
    assert_eq!(care.get_value((hewan, 5)), Some(&Data::Float(15000.0)));
    assert_eq!(care.get_value((hewan, 3)), Some(&Data::Float(1.0)));
    let total = care.height() as u32 - 1;
    assert_eq!(text(care.get_value((total, 0))), "合计");
    assert_eq!(care.get_value((total, 5)), Some(&Data::Float(15000.0)));

    // English on request.
    let mut book = workbook(
        &app.get_admin(&format!("{REPORT_XLSX_PATH}?{YEAR}&lang=en"))
            .await,
    );
    assert_eq!(book.sheet_names()[0], "Summary");
    assert!(book
        .sheet_names()
        .contains(&"Care for the vulnerable".to_owned()));
    let summary = book.worksheet_range("Summary").unwrap();
    assert_eq!(text(summary.get_value((3, 0))), "Work line");
}

#[tokio::test]
async fn the_csv_has_a_bom_headers_and_totals() {
    let app = with_entries().await;
    let reply = app.get_admin(&format!("{REPORT_CSV_PATH}?{YEAR}")).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header(CONTENT_TYPE), "text/csv; charset=utf-8");
    assert!(reply
        .header(CONTENT_DISPOSITION)
        .starts_with("attachment; filename=\""));
    assert!(reply
        .header(CONTENT_DISPOSITION)
        .contains("filename*=UTF-8''"));
    assert_eq!(reply.header(CACHE_CONTROL), "no-store");
    assert!(reply.body.starts_with(&[0xef, 0xbb, 0xbf]), "UTF-8 BOM");
    let csv = reply.text();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert!(lines[0].starts_with("平邑街道妇联工作报表"));
    assert_eq!(
        lines[3],
        "组织,类别,记录数,场次,次数,参与人次,人数,户数,人员数,组织数,文件数,金额（元）"
    );
    // 河湾: the visit and the new member; money in 元 with two decimals.
    assert!(
        lines.contains(&"河湾社区妇联,社区妇联,2,0,1,0,30,0,1,0,0,15000.00"),
        "{csv}"
    );
    assert!(
        lines.contains(&"小井村妇联,村妇联,1,2,0,80,0,0,0,0,0,0.00"),
        "{csv}"
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| **l == "合计,,3,2,1,80,30,0,1,0,0,15000.00")
            .count(),
        2,
        "{csv}"
    );
    assert!(lines.contains(&"巾帼暖心服务行动,走访慰问,1,0,1,0,30,0,0,0,0,15000.00"));

    let en = app
        .get_admin(&format!("{REPORT_CSV_PATH}?{YEAR}&lang=en"))
        .await;
    assert!(en
        .text()
        .contains("\r\nOrganisation,Type,Records,Sessions,Times,"));
}

#[tokio::test]
async fn the_summary_becomes_a_word_document() {
    let app = TestApp::new().await;
    let token = app.admin_token(common::ADMIN_DEVICE).await;
    let summary = json!({
        "title": "平邑街道妇联2024年工作总结",
        "body": "一、组织建设\n召开会议3次 <&>\n\n二、思想引领\n累计开展宣讲80余场"
    });
    let reply = app
        .post_json_as(&token, SUMMARY_DOCX_PATH, common::body(summary))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.header(CONTENT_TYPE),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(reply.header(CONTENT_DISPOSITION).contains(".docx"));
    let mut zip = zip::ZipArchive::new(Cursor::new(reply.body.to_vec())).unwrap();
    for part in ["[Content_Types].xml", "_rels/.rels", "word/document.xml"] {
        assert!(zip.by_name(part).is_ok(), "{part}");
    }
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("<w:pStyle w:val=\"Heading1\""));
    for text in [
        "平邑街道妇联2024年工作总结",
        "一、组织建设",
        "召开会议3次 &lt;&amp;&gt;",
        "累计开展宣讲80余场",
    ] {
        assert!(xml.contains(&format!(">{text}</w:t>")), "{text}: {xml}");
    }
}

#[tokio::test]
async fn a_cadre_reports_on_her_subtree_and_a_viewer_on_the_subdistrict() {
    let app = with_entries().await;
    let cadre = session(&app, "hewan", Role::Cadre, DEMO_HEWAN, 11).await;
    let viewer = session(&app, "county", Role::Viewer, DEMO_ROOT, 12).await;

    let mine: Report = app
        .get_as(&cadre.token, &format!("{REPORT_PATH}?{YEAR}"))
        .await
        .json_report();
    assert_eq!((mine.query.root, mine.all.records), (DEMO_HEWAN, 2));
    let child = app
        .get_as(
            &cadre.token,
            &format!("{REPORT_PATH}?{YEAR}&org={DEMO_HEWAN_DANCE}"),
        )
        .await;
    assert_eq!(child.status, 200);
    for path in [REPORT_PATH, REPORT_CSV_PATH, REPORT_XLSX_PATH] {
        for org in [DEMO_XIAOJING, DEMO_ROOT] {
            let uri = format!("{path}?{YEAR}&org={org}");
            let reply = app.get_as(&cadre.token, &uri).await;
            assert_eq!(reply.status, 403, "{uri}");
            assert_eq!(error_code(&reply), "forbidden");
        }
    }

    let all: Report = app
        .get_as(
            &viewer.token,
            &format!("{REPORT_PATH}?{YEAR}&org={DEMO_ROOT}"),
        )
        .await
        .json_report();
    assert_eq!(
        (all.root_name.as_str(), all.all.records),
        ("平邑街道妇联", 3)
    );
    let sibling = app
        .get_as(
            &viewer.token,
            &format!("{REPORT_XLSX_PATH}?{YEAR}&org={DEMO_XIAOJING}"),
        )
        .await;
    assert_eq!(sibling.status, 200, "below the viewer's organisation");

    let nobody = app.get(&format!("{REPORT_PATH}?{YEAR}")).await;
    assert_eq!(nobody.status, 401);
    let nobody = app
        .post_json(
            SUMMARY_DOCX_PATH,
            common::body(json!({"title": "t", "body": "b"})),
        )
        .await;
    assert_eq!(nobody.status, 401);
}

trait JsonReport {
    fn json_report(&self) -> Report;
}

impl JsonReport for Reply {
    fn json_report(&self) -> Report {
        assert_eq!(self.status, 200, "{}", self.text());
        serde_json::from_slice(&self.body).unwrap()
    }
}

#[tokio::test]
async fn bad_requests_are_refused_in_both_languages() {
    let app = TestApp::new().await;
    let cases = [
        ("from=2024-02-01&to=2024-01-31", 422, "invalid_period"),
        ("from=2014-01-01&to=2024-12-31", 422, "invalid_period"),
        ("from=2024-13-01&to=2024-12-31", 400, "invalid_query"),
        ("to=2024-12-31", 400, "invalid_query"),
        (
            "from=2024-01-01&to=2024-12-31&org=nope",
            400,
            "invalid_query",
        ),
        (
            "from=2024-01-01&to=2024-12-31&lang=fr",
            400,
            "invalid_query",
        ),
    ];
    for path in [REPORT_PATH, REPORT_CSV_PATH, REPORT_XLSX_PATH] {
        for (query, status, code) in cases {
            let reply = app.get_admin(&format!("{path}?{query}")).await;
            assert_eq!(reply.status, status, "{path}?{query}: {}", reply.text());
            assert_eq!(error_code(&reply), code, "{path}?{query}");
        }
        let unknown = format!("{path}?{YEAR}&org={}", Uuid::from_u128(0xdead));
        let reply = app.get_admin(&unknown).await;
        assert_eq!(
            (reply.status.as_u16(), error_code(&reply)),
            (404, "unknown_org".into())
        );
        assert_eq!(reply.json()["error"]["message_zh"], "找不到该组织");
    }
    let reply = app
        .get_admin(&format!("{REPORT_PATH}?from=2024-02-01&to=2024-01-31"))
        .await;
    assert_eq!(
        reply.json()["error"]["message_zh"],
        "结束日期不能早于开始日期"
    );

    let token = app.admin_token(common::ADMIN_DEVICE).await;
    let long = "字".repeat(MAX_SUMMARY_CHARS + 1);
    for (summary, code) in [
        (json!({"title": "总结", "body": " \n "}), "invalid_summary"),
        (json!({"title": "", "body": "正文"}), "invalid_summary"),
        (json!({"title": "总结", "body": long}), "invalid_summary"),
        (json!({"title": "总结"}), "invalid_body"),
    ] {
        let reply = app
            .post_json_as(&token, SUMMARY_DOCX_PATH, common::body(summary))
            .await;
        assert_eq!(error_code(&reply), code, "{}", reply.text());
        assert_eq!(reply.status, 422);
    }
    let reply = app.post_json_as(&token, REPORT_PATH, "{}").await;
    assert_eq!(reply.status, 405);
}
