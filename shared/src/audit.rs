//! What the audit log records, once for both sides: the server writes these
//! codes, the admin's screen names them in Chinese and English; the records
//! as the API lists them, with the names of who, on which device and on
//! what (the server looks them up), and each record said as a sentence
//! ("孙艳萍（河湾社区妇联）在 Android Chrome 上修改了记录「…」") — names,
//! never ids. Rows written by older servers may hold codes not listed
//! here: they are named as stored.
#![deny(missing_docs)]

use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditRecord {
    /// The record's number, increasing with time: the `before` of the next page.
    pub id: i64,
    /// When it happened, server clock, ms since the Unix epoch (UTC).
    pub at_ms: i64,
    /// The account that acted; `None` for a failed sign-in of an unknown name.
    pub user_id: Option<Uuid>,
    /// That account's username (or the name tried, for a failed sign-in).
    pub username: Option<String>,
    /// The device the request came from, when it was one.
    pub device_id: Option<Uuid>,
    /// e.g. `entry.create`, `org.create`, `user.create`, `device.revoke`, `auth.login_failed`.
    pub action: String,
    /// The id of what was acted on.
    pub target: String,
    /// Short, never a password or a token.
    pub detail: String,
    /// The acting account's name as people know it (its display name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_name: Option<String>,
    /// The name of the acting account's organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_org: Option<String>,
    /// The label of the device the request came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_label: Option<String>,
    /// What was acted on, by name: an entry's title, an organisation's or an
    /// account's name, a device's label (none when the target is gone or
    /// not a thing with a name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_label: Option<String>,
}

/// A page of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    /// Newest first.
    pub records: Vec<AuditRecord>,
    /// Pass as `before` for the next (older) page.
    pub next_before: Option<i64>,
}

/// Every action the server records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    /// A successful sign-in.
    #[serde(rename = "auth.login")]
    SignIn,
    /// A sign-in refused (wrong password, unknown name, locked account).
    #[serde(rename = "auth.login_failed")]
    SignInFailed,
    /// A sign-out (the session ended by its owner).
    #[serde(rename = "auth.logout")]
    SignOut,
    /// An entry created by a device's push.
    #[serde(rename = "entry.create")]
    EntryCreate,
    /// An entry edited.
    #[serde(rename = "entry.update")]
    EntryUpdate,
    /// An entry deleted (a tombstone set).
    #[serde(rename = "entry.delete")]
    EntryDelete,
    /// A deleted entry restored (the tombstone cleared).
    #[serde(rename = "entry.restore")]
    EntryRestore,
    /// Two phones changed one field: a value was kept aside.
    #[serde(rename = "entry.conflict")]
    EntryConflict,
    /// A change refused for want of rights (or of an entry one may read).
    #[serde(rename = "entry.denied")]
    EntryDenied,
    /// A person settled a conflict.
    #[serde(rename = "conflict.resolve")]
    ConflictResolve,
    /// An entry restored from a phone's export file.
    #[serde(rename = "entry.import")]
    EntryImport,
    /// An entry of a phone's export file that the server refused.
    #[serde(rename = "entry.import_refused")]
    EntryImportRefused,
    /// A phone's export file imported.
    #[serde(rename = "import")]
    Import,
    /// An organisation created.
    #[serde(rename = "org.create")]
    OrgCreate,
    /// An organisation renamed, moved, flagged, retired or restored.
    #[serde(rename = "org.update")]
    OrgUpdate,
    /// An account created.
    #[serde(rename = "user.create")]
    UserCreate,
    /// An account's password reset by an admin.
    #[serde(rename = "user.reset_password")]
    UserResetPassword,
    /// An account's own password changed by its owner (the one-time
    /// password at the first sign-in, or later).
    #[serde(rename = "user.change_password")]
    UserChangePassword,
    /// A device revoked: its sessions end, its pushes are refused.
    #[serde(rename = "device.revoke")]
    DeviceRevoke,
    /// A revoked device restored.
    #[serde(rename = "device.restore")]
    DeviceRestore,
    /// The catalogue of work edited by an admin (a new version saved).
    #[serde(rename = "catalogue.edit")]
    CatalogueEdit,
}

impl AuditAction {
    /// Every action, in the order the admin's filter lists them.
    pub const ALL: [AuditAction; 21] = [
        AuditAction::SignIn,
        AuditAction::SignInFailed,
        AuditAction::SignOut,
        AuditAction::EntryCreate,
        AuditAction::EntryUpdate,
        AuditAction::EntryDelete,
        AuditAction::EntryRestore,
        AuditAction::EntryConflict,
        AuditAction::EntryDenied,
        AuditAction::ConflictResolve,
        AuditAction::EntryImport,
        AuditAction::EntryImportRefused,
        AuditAction::Import,
        AuditAction::OrgCreate,
        AuditAction::OrgUpdate,
        AuditAction::UserCreate,
        AuditAction::UserResetPassword,
        AuditAction::UserChangePassword,
        AuditAction::DeviceRevoke,
        AuditAction::DeviceRestore,
        AuditAction::CatalogueEdit,
    ];

    /// The code stored in the log.
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::SignIn => "auth.login",
            AuditAction::SignInFailed => "auth.login_failed",
            AuditAction::SignOut => "auth.logout",
            AuditAction::EntryCreate => "entry.create",
            AuditAction::EntryUpdate => "entry.update",
            AuditAction::EntryDelete => "entry.delete",
            AuditAction::EntryRestore => "entry.restore",
            AuditAction::EntryConflict => "entry.conflict",
            AuditAction::EntryDenied => "entry.denied",
            AuditAction::ConflictResolve => "conflict.resolve",
            AuditAction::EntryImport => "entry.import",
            AuditAction::EntryImportRefused => "entry.import_refused",
            AuditAction::Import => "import",
            AuditAction::OrgCreate => "org.create",
            AuditAction::OrgUpdate => "org.update",
            AuditAction::UserCreate => "user.create",
            AuditAction::UserResetPassword => "user.reset_password",
            AuditAction::UserChangePassword => "user.change_password",
            AuditAction::DeviceRevoke => "device.revoke",
            AuditAction::DeviceRestore => "device.restore",
            AuditAction::CatalogueEdit => "catalogue.edit",
        }
    }

    /// The action with this code, if it is one.
    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }

    /// As people say it.
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            AuditAction::SignIn => ("登录", "Signed in"),
            AuditAction::SignInFailed => ("登录失败", "Sign-in failed"),
            AuditAction::SignOut => ("退出登录", "Signed out"),
            AuditAction::EntryCreate => ("新增记录", "Entry recorded"),
            AuditAction::EntryUpdate => ("修改记录", "Entry changed"),
            AuditAction::EntryDelete => ("删除记录", "Entry deleted"),
            AuditAction::EntryRestore => ("撤销删除", "Deletion undone"),
            AuditAction::EntryConflict => (
                "同时修改（已保留另一值）",
                "Edited at once (other value kept)",
            ),
            AuditAction::EntryDenied => ("无权修改，已拒绝", "Refused: not permitted"),
            AuditAction::ConflictResolve => ("处理冲突", "Conflict settled"),
            AuditAction::EntryImport => ("从备份恢复记录", "Entry restored from a backup"),
            AuditAction::EntryImportRefused => {
                ("备份中的记录被拒绝", "Entry from a backup refused")
            }
            AuditAction::Import => ("导入手机备份", "Phone backup imported"),
            AuditAction::OrgCreate => ("新建组织", "Organisation created"),
            AuditAction::OrgUpdate => ("修改组织", "Organisation changed"),
            AuditAction::UserCreate => ("新建账号", "Account created"),
            AuditAction::UserResetPassword => ("重置密码", "Password reset"),
            AuditAction::UserChangePassword => ("修改自己的密码", "Own password changed"),
            AuditAction::DeviceRevoke => ("停用设备", "Device revoked"),
            AuditAction::DeviceRestore => ("恢复设备", "Device restored"),
            AuditAction::CatalogueEdit => ("修改工作目录", "Catalogue of work edited"),
        };
        lang.pick(zh, en)
    }
}

impl AuditAction {
    /// What the actor did, as the verb phrase of a sentence, and the noun
    /// of what it was done to (empty when the verb says it all).
    fn phrase(self, lang: Lang) -> (&'static str, &'static str) {
        let (zh, en) = match self {
            AuditAction::SignIn => (("登录了", ""), ("signed in", "")),
            AuditAction::SignInFailed => (("登录失败", ""), ("failed to sign in", "")),
            AuditAction::SignOut => (("退出了登录", ""), ("signed out", "")),
            AuditAction::EntryCreate => (("新增了", "记录"), ("recorded", "entry")),
            AuditAction::EntryUpdate => (("修改了", "记录"), ("changed", "entry")),
            AuditAction::EntryDelete => (("删除了", "记录"), ("deleted", "entry")),
            AuditAction::EntryRestore => {
                (("撤销删除了", "记录"), ("undid the deletion of", "entry"))
            }
            AuditAction::EntryConflict => (
                ("与他人同时修改了", "记录（已保留另一值）"),
                (
                    "edited at the same time as someone else",
                    "entry (other value kept)",
                ),
            ),
            AuditAction::EntryDenied => (
                ("无权修改，被拒绝：", "记录"),
                ("was refused (not permitted)", "entry"),
            ),
            AuditAction::ConflictResolve => {
                (("处理了冲突：", "记录"), ("settled a conflict on", "entry"))
            }
            AuditAction::EntryImport => (
                ("从备份恢复了", "记录"),
                ("restored from a backup", "entry"),
            ),
            AuditAction::EntryImportRefused => (
                ("从备份恢复被拒绝：", "记录"),
                ("was refused restoring from a backup", "entry"),
            ),
            AuditAction::Import => (("导入了", "手机备份"), ("imported", "phone backup")),
            AuditAction::OrgCreate => (("新建了", "组织"), ("created", "organisation")),
            AuditAction::OrgUpdate => (("修改了", "组织"), ("changed", "organisation")),
            AuditAction::UserCreate => (("新建了", "账号"), ("created", "account")),
            AuditAction::UserResetPassword => (
                ("重置了密码：", "账号"),
                ("reset the password of", "account"),
            ),
            AuditAction::UserChangePassword => {
                (("修改了自己的密码", ""), ("changed their own password", ""))
            }
            AuditAction::DeviceRevoke => (("停用了", "设备"), ("revoked", "device")),
            AuditAction::DeviceRestore => (("恢复了", "设备"), ("restored", "device")),
            AuditAction::CatalogueEdit => {
                (("修改了工作目录", ""), ("edited the catalogue of work", ""))
            }
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// `record` as a sentence after its time: who (name and organisation), on
/// which device, did what to what — names only, never an id. A code this
/// build does not know is named as stored.
pub fn sentence(record: &AuditRecord, lang: Lang) -> String {
    let who = match (&record.actor_name, &record.actor_org) {
        (Some(name), Some(org)) => match lang {
            Lang::Zh => format!("{name}（{org}）"),
            Lang::En => format!("{name} ({org})"),
        },
        (Some(name), None) => name.clone(),
        // A failed sign-in of a name no account has: the name tried.
        (None, _) if record.action == AuditAction::SignInFailed.code() => match lang {
            Lang::Zh => format!("有人以用户名“{}”", record.target),
            Lang::En => format!("Someone as “{}”", record.target),
        },
        (None, _) => lang.pick("系统", "The system").to_owned(),
    };
    let device = record
        .device_label
        .as_deref()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match lang {
            Lang::Zh => format!("在 {l} 上"),
            Lang::En => format!(" on {l}"),
        })
        .unwrap_or_default();
    let Some(action) = AuditAction::from_code(&record.action) else {
        return match lang {
            Lang::Zh => format!("{who}{device}：{}", record.action),
            Lang::En => format!("{who}{device}: {}", record.action),
        };
    };
    let (verb, noun) = action.phrase(lang);
    let what = match (&record.target_label, noun.is_empty()) {
        (_, true) => String::new(),
        (Some(label), false) => match lang {
            Lang::Zh => format!("{noun}「{label}」"),
            Lang::En => format!(" {noun} “{label}”"),
        },
        (None, false) => match lang {
            Lang::Zh => format!("{noun}（已不存在）"),
            Lang::En => format!(" {noun} (no longer there)"),
        },
    };
    match lang {
        Lang::Zh => format!("{who}{device}{verb}{what}"),
        Lang::En => format!("{who}{device} {verb}{what}"),
    }
}

#[cfg(test)]
#[path = "audit_tests.rs"]
mod tests;
