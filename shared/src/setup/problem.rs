//! What can be wrong with one row of a setup file, said to the office in
//! Chinese and English, naming what it found.
#![deny(missing_docs)]

use crate::account::CredentialError;
use crate::lang::Lang;
use crate::org::TreeError;

/// Why a row cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupProblem {
    /// A required cell is empty.
    #[error("the {column} column is empty")]
    Missing {
        /// The column's Chinese header.
        column: &'static str,
    },
    /// The parent named is neither in the file nor in the tree.
    #[error("parent {name} is neither in the file nor in the tree")]
    UnknownParent {
        /// The name as written.
        name: String,
    },
    /// The organisation named is neither in the file nor in the tree.
    #[error("organisation {name} is neither in the file nor in the tree")]
    UnknownOrg {
        /// The name as written.
        name: String,
    },
    /// More than one organisation has this name: the cell must say which.
    #[error("more than one organisation is called {name}")]
    Ambiguous {
        /// The name as written.
        name: String,
    },
    /// The same name twice under one parent in the file.
    #[error("{name} appears twice under one parent")]
    DuplicateName {
        /// The name.
        name: String,
    },
    /// Not a kind of organisation.
    #[error("unknown kind {text}")]
    BadKind {
        /// The cell as written.
        text: String,
    },
    /// Not a role.
    #[error("unknown role {text}")]
    BadRole {
        /// The cell as written.
        text: String,
    },
    /// The username is another account's (or differs from the file's row).
    #[error("username {username} is taken")]
    UsernameTaken {
        /// The username.
        username: String,
    },
    /// The same username twice in the file.
    #[error("username {username} appears twice")]
    DuplicateUsername {
        /// The username.
        username: String,
    },
    /// A tree rule (where a kind may sit, a retired parent, the name).
    #[error(transparent)]
    Tree(#[from] TreeError),
    /// A username or display name rule.
    #[error(transparent)]
    Credential(#[from] CredentialError),
}

impl SetupProblem {
    /// A sentence for the office, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        use SetupProblem::*;
        match (self, lang) {
            (Missing { column }, Lang::Zh) => format!("“{column}”一栏为空"),
            (Missing { column }, Lang::En) => format!("The “{}” column is empty", english(column)),
            (UnknownParent { name }, Lang::Zh) => {
                format!("上级“{name}”既不在文件中，也不在现有组织中")
            }
            (UnknownParent { name }, Lang::En) => {
                format!("The parent “{name}” is neither in the file nor among the organisations")
            }
            (UnknownOrg { name }, Lang::Zh) => {
                format!("组织“{name}”既不在文件中，也不在现有组织中")
            }
            (UnknownOrg { name }, Lang::En) => {
                format!(
                    "The organisation “{name}” is neither in the file nor among the organisations"
                )
            }
            (Ambiguous { name }, Lang::Zh) => {
                format!("有多个组织名为“{name}”，请写成“上级/{name}”")
            }
            (Ambiguous { name }, Lang::En) => {
                format!("More than one organisation is called “{name}”: write “parent/{name}”")
            }
            (DuplicateName { name }, Lang::Zh) => format!("同一上级下“{name}”出现了两次"),
            (DuplicateName { name }, Lang::En) => {
                format!("“{name}” appears twice under the same parent")
            }
            (BadKind { text }, Lang::Zh) => {
                format!("类型“{text}”不对，应为：街道妇联、村妇联、社区妇联、企业妇联、妇女小组")
            }
            (BadKind { text }, Lang::En) => format!(
                "Unknown kind “{text}”: use 街道妇联, 村妇联, 社区妇联, 企业妇联 or 妇女小组"
            ),
            (BadRole { text }, Lang::Zh) => {
                format!("角色“{text}”不对，应为：管理员、妇联干部、只读查看")
            }
            (BadRole { text }, Lang::En) => {
                format!("Unknown role “{text}”: use 管理员, 妇联干部 or 只读查看")
            }
            (UsernameTaken { username }, Lang::Zh) => {
                format!("用户名“{username}”已被其他账号使用")
            }
            (UsernameTaken { username }, Lang::En) => {
                format!("The username “{username}” belongs to another account")
            }
            (DuplicateUsername { username }, Lang::Zh) => {
                format!("用户名“{username}”在文件中出现了两次")
            }
            (DuplicateUsername { username }, Lang::En) => {
                format!("The username “{username}” appears twice in the file")
            }
            (Tree(e), _) => e.message(lang),
            (Credential(e), _) => e.message(lang).to_owned(),
        }
    }
}

/// A column header in English.
fn english(column: &str) -> &'static str {
    match column {
        "上级" => "parent",
        "名称" => "name",
        "类型" => "kind",
        "用户名" => "username",
        "姓名" => "name",
        "角色" => "role",
        _ => "organisation",
    }
}
