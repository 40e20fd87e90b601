//! A setup file's rows checked against the deployment as it is: what to
//! create, what is already there, what is wrong — row by row.
//!
//! Organisations are matched by (parent, name) and accounts by username, so
//! a file imported twice creates nothing the second time. A row names its
//! parent (and an account its organisation) by name; a name several
//! organisations share is written `上级/名称`. A wrong row still stands for
//! its name, so the rows under it are checked too and each error is said once,
//! beside its own row.
#![deny(missing_docs)]

use super::problem::SetupProblem;
use super::rows::{AccountRow, Place, SetupRows};
use super::{PreviewRow, RowAction, Section, SetupPreview};
use crate::access::Role;
use crate::account::{check_display_name, normalise_username, UserInfo};
use crate::lang::Lang;
use crate::org::{OrgKind, OrgTree, TreeError};
use std::collections::HashSet;
use uuid::Uuid;

/// What the deployment holds now.
pub struct Existing<'a> {
    /// Every organisation, retired ones too.
    pub tree: &'a OrgTree,
    /// Every account.
    pub accounts: &'a [UserInfo],
}

/// An organisation a planned row points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgRef {
    /// One already in the tree.
    Existing(Uuid),
    /// The plan's `orgs[i]`, created before anything that points at it.
    New(usize),
}

/// An organisation to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedOrg {
    /// Where it sits (`None`: at the top).
    pub parent: Option<OrgRef>,
    /// Its name, trimmed.
    pub name: String,
    /// Its kind.
    pub kind: OrgKind,
}

/// An account to create (with a one-time password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedAccount {
    /// The username, normalised.
    pub username: String,
    /// The person's name, trimmed.
    pub display_name: String,
    /// Its role.
    pub role: Role,
    /// Its organisation.
    pub org: OrgRef,
}

/// The rows' outcome and, when no row is wrong, what to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupPlan {
    /// Row by row, for the office.
    pub preview: SetupPreview,
    /// Organisations to create, each after its parent.
    pub orgs: Vec<PlannedOrg>,
    /// Accounts to create.
    pub accounts: Vec<PlannedAccount>,
}

impl SetupPlan {
    /// Whether every row is good (only then may the plan be applied).
    pub fn is_clean(&self) -> bool {
        self.preview.errors == 0
    }
}

/// A file row's identity once its parent is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Node {
    Existing(Uuid),
    New(usize),
    /// A wrong row: still a name rows below may name.
    Bad(usize),
}

/// Checks `rows` against `existing`.
pub fn plan(rows: &SetupRows, existing: &Existing) -> SetupPlan {
    let mut orgs = OrgPass::new(&rows.orgs, existing);
    orgs.run();
    let mut out = Vec::new();
    let (mut new_orgs, mut unchanged, mut errors) = (0, 0, 0);
    let mut planned_orgs = Vec::new();
    // Rows resolved as new get their plan index in creation order (a parent
    // is always resolved, hence numbered, before its children).
    for &i in &orgs.order {
        if let Some(Node::New(_)) = orgs.node[i] {
            let parent = orgs.parent[i].and_then(|p| orgs.as_ref(p));
            let kind = orgs.kind[i].unwrap_or(OrgKind::Village);
            planned_orgs.push(PlannedOrg {
                parent,
                name: rows.orgs[i].name.clone(),
                kind,
            });
        }
    }
    for (i, row) in rows.orgs.iter().enumerate() {
        let action = tally(
            &orgs.problem[i],
            orgs.node[i],
            &mut new_orgs,
            &mut unchanged,
            &mut errors,
        );
        out.push(preview_row(
            Section::Orgs,
            &row.at,
            vec![row.parent.clone(), row.name.clone(), row.kind.clone()],
            action,
            orgs.problem[i].as_ref(),
        ));
    }

    let mut planned_accounts = Vec::new();
    let mut new_accounts = 0;
    let mut seen = HashSet::new();
    for row in &rows.accounts {
        let checked = check_account(row, &orgs, existing, &mut seen);
        let action = match &checked {
            Err(_) => {
                errors += 1;
                RowAction::Error
            }
            Ok(None) => {
                unchanged += 1;
                RowAction::Unchanged
            }
            Ok(Some(account)) => {
                new_accounts += 1;
                planned_accounts.push(account.clone());
                RowAction::Create
            }
        };
        let cells = vec![
            row.username.clone(),
            row.display_name.clone(),
            row.role.clone(),
            row.org.clone(),
        ];
        out.push(preview_row(
            Section::Accounts,
            &row.at,
            cells,
            action,
            checked.as_ref().err(),
        ));
    }
    SetupPlan {
        preview: SetupPreview {
            rows: out,
            new_orgs,
            new_accounts,
            unchanged,
            errors,
        },
        orgs: planned_orgs,
        accounts: planned_accounts,
    }
}

fn tally(
    problem: &Option<SetupProblem>,
    node: Option<Node>,
    new: &mut u32,
    unchanged: &mut u32,
    errors: &mut u32,
) -> RowAction {
    match (problem, node) {
        (None, Some(Node::Existing(_))) => {
            *unchanged += 1;
            RowAction::Unchanged
        }
        (None, Some(Node::New(_))) => {
            *new += 1;
            RowAction::Create
        }
        _ => {
            *errors += 1;
            RowAction::Error
        }
    }
}

fn preview_row(
    section: Section,
    at: &Place,
    cells: Vec<String>,
    action: RowAction,
    problem: Option<&SetupProblem>,
) -> PreviewRow {
    PreviewRow {
        section,
        sheet: at.sheet.clone(),
        line: at.line,
        cells,
        action,
        message_zh: problem.map(|p| p.message(Lang::Zh)),
        message: problem.map(|p| p.message(Lang::En)),
    }
}

/// An account row checked: `Ok(None)` when the same account already exists.
fn check_account(
    row: &AccountRow,
    orgs: &OrgPass,
    existing: &Existing,
    seen: &mut HashSet<String>,
) -> Result<Option<PlannedAccount>, SetupProblem> {
    let username = required(&row.username, "用户名")?;
    let username = normalise_username(username)?;
    let display_name = required(&row.display_name, "姓名")?;
    check_display_name(display_name)?;
    let role_text = required(&row.role, "角色")?;
    let role = parse_role(role_text).ok_or_else(|| SetupProblem::BadRole {
        text: role_text.to_owned(),
    })?;
    let org_text = required(&row.org, "所属组织")?;
    let node = match orgs.find(org_text) {
        Found::Node(n) => n,
        Found::Ambiguous => {
            return Err(SetupProblem::Ambiguous {
                name: org_text.to_owned(),
            })
        }
        Found::Nothing | Found::Pending => {
            return Err(SetupProblem::UnknownOrg {
                name: org_text.to_owned(),
            })
        }
    };
    if let Node::Existing(id) = node {
        if orgs.existing.tree.get(&id).is_some_and(|o| o.retired) {
            return Err(TreeError::Retired { id }.into());
        }
    }
    if !seen.insert(username.clone()) {
        return Err(SetupProblem::DuplicateUsername { username });
    }
    if let Some(a) = existing.accounts.iter().find(|a| a.username == username) {
        let same =
            a.display_name == display_name && a.role == role && node == Node::Existing(a.org_id);
        return if same {
            Ok(None)
        } else {
            Err(SetupProblem::UsernameTaken { username })
        };
    }
    // Under a wrong organisation row the account itself may be right: it is
    // counted as to create, and nothing is applied anyway while a row is wrong.
    Ok(Some(PlannedAccount {
        username,
        display_name: display_name.to_owned(),
        role,
        org: orgs.as_ref(node).unwrap_or(OrgRef::New(usize::MAX)),
    }))
}

fn required<'a>(cell: &'a str, column: &'static str) -> Result<&'a str, SetupProblem> {
    if cell.is_empty() {
        Err(SetupProblem::Missing { column })
    } else {
        Ok(cell)
    }
}

/// A kind from its Chinese or English name or its code.
pub fn parse_kind(text: &str) -> Option<OrgKind> {
    OrgKind::ALL.into_iter().find(|k| {
        text == k.name(Lang::Zh)
            || text.eq_ignore_ascii_case(k.name(Lang::En))
            || serde_json::to_value(k)
                .is_ok_and(|v| v.as_str().is_some_and(|c| c.eq_ignore_ascii_case(text)))
    })
}

/// A role from its Chinese or English name or its code (干部 and 查看 too).
pub fn parse_role(text: &str) -> Option<Role> {
    match text {
        "干部" => return Some(Role::Cadre),
        "查看" | "只读" => return Some(Role::Viewer),
        _ => {}
    }
    Role::ALL.into_iter().find(|r| {
        text == r.name(Lang::Zh)
            || text.eq_ignore_ascii_case(r.name(Lang::En))
            || serde_json::to_value(r)
                .is_ok_and(|v| v.as_str().is_some_and(|c| c.eq_ignore_ascii_case(text)))
    })
}

#[path = "org_pass.rs"]
mod org_pass;
use org_pass::{Found, OrgPass};
