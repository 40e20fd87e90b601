//! The setup rules: rows read from cells, and the plan's decisions row by row.

use super::plan::{OrgRef, PlannedOrg};
use super::rows::RowsError;
use super::*;
use crate::access::Role;
use crate::fixtures::{demo_orgs, DEMO_HEWAN, DEMO_ROOT, DEMO_XIAOJING};
use crate::org::{OrgKind, OrgTree};
use uuid::Uuid;

fn cells(row: &[&str]) -> Vec<String> {
    row.iter().map(|c| c.to_string()).collect()
}

/// A CSV-like file: one sheet, rows numbered from 1.
fn file(rows: &[&[&str]]) -> SetupRows {
    let numbered = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (i as u32 + 1, cells(r)))
        .collect();
    read_rows([(String::new(), numbered)]).unwrap()
}

fn hewan_cadre() -> UserInfo {
    UserInfo {
        id: Uuid::from_u128(7),
        username: "hewan".into(),
        display_name: "孙艳萍".into(),
        role: Role::Cadre,
        org_id: DEMO_HEWAN,
        disabled: false,
    }
}

fn plan_on_demo(rows: &SetupRows) -> SetupPlan {
    let tree = OrgTree::new(demo_orgs());
    let accounts = [hewan_cadre()];
    plan(
        rows,
        &Existing {
            tree: &tree,
            accounts: &accounts,
        },
    )
}

fn errors(p: &SetupPlan) -> Vec<(u32, String)> {
    p.preview
        .rows
        .iter()
        .filter(|r| r.action == RowAction::Error)
        .map(|r| (r.line, r.message_zh.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn rows_start_at_their_headers_and_skip_notes_and_blanks() {
    let rows = file(&[
        &["# 填写说明：以 # 开头的行不导入"],
        &["上级", "名称", "类型"],
        &["#例：平邑街道妇联", "某某村妇联", "村妇联"],
        &[" 平邑街道妇联 ", "新村妇联", "村妇联"],
        &["", "", ""],
        &["用户名", "姓名", "角色", "所属组织"],
        &["xincun", "王芳", "妇联干部"],
    ]);
    assert_eq!(rows.orgs.len(), 1);
    assert_eq!(rows.orgs[0].parent, "平邑街道妇联", "trimmed");
    assert_eq!(rows.orgs[0].at.line, 4);
    assert_eq!(rows.accounts.len(), 1);
    assert_eq!(rows.accounts[0].org, "", "a missing cell is empty");
    assert_eq!(
        read_rows([(String::new(), vec![(1, cells(&["a", "b"]))])]),
        Err(RowsError::NoHeaders)
    );
}

#[test]
fn new_rows_are_planned_parents_first_even_when_written_after() {
    let rows = file(&[
        &["上级", "名称", "类型"],
        &["新村妇联", "新村第一妇女小组", "妇女小组"],
        &["平邑街道妇联", "新村妇联", "村妇联"],
        &["用户名", "姓名", "角色", "所属组织"],
        &["xincun", "王芳", "妇联干部", "新村妇联"],
        &["xiaojing2", "李华", "cadre", "小井村妇联"],
    ]);
    let p = plan_on_demo(&rows);
    assert!(p.is_clean(), "{:?}", errors(&p));
    assert_eq!((p.preview.new_orgs, p.preview.new_accounts), (2, 2));
    assert_eq!(
        p.orgs,
        vec![
            PlannedOrg {
                parent: Some(OrgRef::Existing(DEMO_ROOT)),
                name: "新村妇联".into(),
                kind: OrgKind::Village
            },
            PlannedOrg {
                parent: Some(OrgRef::New(0)),
                name: "新村第一妇女小组".into(),
                kind: OrgKind::WomenGroup
            },
        ]
    );
    assert_eq!(p.accounts[0].org, OrgRef::New(0));
    assert_eq!(p.accounts[1].org, OrgRef::Existing(DEMO_XIAOJING));
    assert_eq!(p.accounts[1].role, Role::Cadre);
}

#[test]
fn what_exists_already_is_unchanged() {
    let rows = file(&[
        &["上级", "名称", "类型"],
        &["", "平邑街道妇联", "街道妇联"],
        &["平邑街道妇联", "河湾社区妇联", "社区妇联"],
        &["河湾社区妇联", "河湾社区网格妇女小组", "妇女小组"],
        &["用户名", "姓名", "角色", "所属组织"],
        &["HeWan", "孙艳萍", "妇联干部", "河湾社区妇联"],
    ]);
    let p = plan_on_demo(&rows);
    assert!(p.is_clean(), "{:?}", errors(&p));
    assert_eq!(p.preview.unchanged, 4);
    assert!(p.orgs.is_empty() && p.accounts.is_empty());
}

#[test]
fn each_bad_row_gets_its_own_error_and_only_it() {
    let rows = file(&[
        &["上级", "名称", "类型"],
        &["平邑街道妇联", "甲村妇联", "村妇联"],
        &["甲村妇联", "甲村一组", "妇女小组"],
        &["不存在的街道", "乙村妇联", "村妇联"], // 4: unknown parent
        &["甲村妇联", "甲村一组", "妇女小组"],   // 5: duplicate under one parent
        &["平邑街道妇联", "丙村妇联", "大队"],   // 6: bad kind
        &["丙村妇联", "丙村一组", "妇女小组"],   // under a bad row: still checked, fine
        &["甲村一组", "甲村一组下的组", "妇女小组"], // 8: a group under a group
        &["用户名", "姓名", "角色", "所属组织"],
        &["jiacun", "赵敏", "村长", "甲村妇联"], // 10: bad role
        &["hewan", "别人", "妇联干部", "甲村妇联"], // 11: username taken
        &["bingcun", "钱丽", "妇联干部", "丁村妇联"], // 12: org unknown
        &["jiacun2", "周红", "妇联干部", "甲村一组"],
        &["jiacun2", "周红", "妇联干部", "甲村一组"], // 14: username twice
        &["x", "吴芳", "妇联干部", "甲村妇联"],       // 15: bad username
    ]);
    let p = plan_on_demo(&rows);
    let lines: Vec<u32> = errors(&p).iter().map(|e| e.0).collect();
    assert_eq!(
        lines,
        vec![4, 5, 6, 8, 10, 11, 12, 14, 15],
        "{:?}",
        errors(&p)
    );
    let text = errors(&p);
    assert!(text[0].1.contains("不存在的街道"), "{}", text[0].1);
    assert!(text[1].1.contains("两次"));
    assert!(text[2].1.contains("大队"));
    assert!(
        text[3].1.contains("妇女小组不能设在妇女小组之下"),
        "{}",
        text[3].1
    );
    assert!(text[4].1.contains("村长"));
    assert!(text[5].1.contains("hewan"));
    assert!(text[6].1.contains("丁村妇联"));
    let english = p.preview.rows.iter().find(|r| r.line == 4).unwrap();
    assert!(english.message.as_deref().unwrap().contains("parent"));
    assert_eq!(p.preview.errors, 9);
    assert!(!p.is_clean());
}

#[test]
fn a_shared_name_must_say_its_parent() {
    let rows = file(&[
        &["上级", "名称", "类型"],
        &["平邑街道妇联", "甲村妇联", "村妇联"],
        &["平邑街道妇联", "乙村妇联", "村妇联"],
        &["甲村妇联", "第一小组", "妇女小组"],
        &["乙村妇联", "第一小组", "妇女小组"],
        &["用户名", "姓名", "角色", "所属组织"],
        &["jia1", "赵敏", "妇联干部", "第一小组"],
        &["yi1", "钱丽", "妇联干部", "乙村妇联/第一小组"],
    ]);
    let p = plan_on_demo(&rows);
    assert_eq!(errors(&p).len(), 1, "{:?}", errors(&p));
    assert_eq!(errors(&p)[0].0, 7);
    assert!(
        errors(&p)[0].1.contains("乙村妇联/第一小组") || errors(&p)[0].1.contains("上级/第一小组")
    );
    assert_eq!(p.preview.rows.last().unwrap().action, RowAction::Create);
}

#[test]
fn a_cycle_of_rows_is_an_error_not_a_hang() {
    let rows = file(&[
        &["上级", "名称", "类型"],
        &["乙村妇联", "甲村妇联", "村妇联"],
        &["甲村妇联", "乙村妇联", "村妇联"],
    ]);
    let p = plan_on_demo(&rows);
    assert!(!p.is_clean());
    assert!(p.preview.errors >= 1);
}

#[test]
fn kinds_and_roles_in_either_language() {
    use super::plan::{parse_kind, parse_role};
    assert_eq!(parse_kind("村妇联"), Some(OrgKind::Village));
    assert_eq!(parse_kind("women_group"), Some(OrgKind::WomenGroup));
    assert_eq!(parse_kind("Women's group"), Some(OrgKind::WomenGroup));
    assert_eq!(parse_kind("村"), None);
    assert_eq!(parse_role("只读查看"), Some(Role::Viewer));
    assert_eq!(parse_role("Admin"), Some(Role::Admin));
    assert_eq!(parse_role("书记"), None);
}
