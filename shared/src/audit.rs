//! What the audit log records, once for both sides: the server writes these
//! codes, the admin's screen names them in Chinese and English. Rows written
//! by older servers may hold codes not listed here: they are shown as stored.
#![deny(missing_docs)]

use crate::lang::Lang;
use serde::{Deserialize, Serialize};

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
}

impl AuditAction {
    /// Every action, in the order the admin's filter lists them.
    pub const ALL: [AuditAction; 20] = [
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
        };
        lang.pick(zh, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_wire_names_and_come_back() {
        for a in AuditAction::ALL {
            assert_eq!(serde_json::to_value(a).unwrap(), a.code());
            assert_eq!(AuditAction::from_code(a.code()), Some(a));
            assert!(!a.label(Lang::Zh).is_empty() && !a.label(Lang::En).is_empty());
        }
        let mut codes: Vec<&str> = AuditAction::ALL.iter().map(|a| a.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), AuditAction::ALL.len());
        assert_eq!(AuditAction::from_code("device.register"), None);
    }
}
