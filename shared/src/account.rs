//! Accounts, sign-in, devices and the admin API: wire types and the rules
//! for usernames and passwords. The server stores and checks; the app shows.
#![deny(missing_docs)]

use crate::access::Role;
use crate::lang::Lang;
use crate::org::{OrgKind, Organisation, Venue};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A device not synced for this long is flagged: browsers delete the storage
/// of sites not visited for 7 days.
pub const STALE_DEVICE_MS: i64 = 5 * 24 * 3600 * 1000;
/// Shortest password.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Longest password (argon2 takes any length; this bounds the work per request).
pub const MAX_PASSWORD_CHARS: usize = 128;

/// `POST /api/v1/auth/login`. The device id is the phone's id for this account
/// (made by the app); signing in registers it to the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// As typed; the server compares it lowercased (see [`normalise_username`]).
    pub username: String,
    /// In clear over TLS; checked against the stored argon2id hash, never stored or logged.
    pub password: String,
    /// The phone's stable id for this account (a UUID made by the app, kept in its storage); the
    /// device pushes under it.
    pub device_id: Uuid,
    /// What the person calls this device, or the browser's description.
    #[serde(default)]
    pub device_label: String,
}

/// The first sign-in with a one-time password (`FIRST_PASSWORD_PATH`): the
/// sign-in as usual, and the password that replaces the one-time one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FirstPassword {
    /// Username, the one-time password, the device.
    #[serde(flatten)]
    pub login: LoginRequest,
    /// The account's password from now on ([`check_new_password`]).
    pub new_password: String,
}

/// A signed-in account changes its own password (`PASSWORD_PATH`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePassword {
    /// The password in use now (a stolen session alone cannot change it).
    pub current_password: String,
    /// The password from now on ([`check_new_password`]).
    pub new_password: String,
}

/// The answer to a successful sign-in: a bearer token for `Authorization`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// The session's bearer token, sent as `Authorization: Bearer …`; the server keeps only its
    /// hash.
    pub token: String,
    /// When the session ends, server clock, ms since the Unix epoch (UTC).
    pub expires_ms: i64,
    /// The signed-in account, as [`Me`] would answer.
    pub me: Me,
}

/// `GET /api/v1/me`: who is signed in and which organisations they may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The signed-in account.
    pub user: UserInfo,
    /// The device the session's token was issued to (the one it may push as).
    pub device_id: Uuid,
    /// Every organisation the account may read (its own and those below it; all of them for an
    /// admin), retired ones included.
    pub orgs: Vec<Organisation>,
    /// How many calendar years of her subtree's entries a cadre's phone always keeps (this one
    /// and the ones before it; older ones while its storage budget allows): the deployment's
    /// setting (`server serve --phone-window-years`, 1 to 10). Absent from an older server's
    /// answer: the default, 2.
    #[serde(default = "default_phone_window_years")]
    pub phone_window_years: u8,
}

/// What a phone assumes when the server does not say: this year and the last.
pub const DEFAULT_PHONE_WINDOW_YEARS: u8 = 2;

fn default_phone_window_years() -> u8 {
    DEFAULT_PHONE_WINDOW_YEARS
}

/// An account as others see it (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInfo {
    /// The account's id; never changes.
    pub id: Uuid,
    /// The sign-in name, lowercased: 3 to 32 of a-z, 0-9, '.', '_', '-'.
    pub username: String,
    /// The person's name as screens show it (1 to 40 characters).
    pub display_name: String,
    /// What the account may do.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::role))]
    pub role: Role,
    /// The organisation the account belongs to: its scope is this organisation's subtree.
    pub org_id: Uuid,
    /// A disabled account cannot sign in; its entries stay.
    #[serde(default)]
    pub disabled: bool,
}

impl UserInfo {
    /// The principal the account acts as.
    pub fn principal(&self) -> crate::access::Principal {
        crate::access::Principal {
            user_id: self.id,
            role: self.role,
            org_id: self.org_id,
        }
    }
}

/// `POST /api/v1/orgs` (admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateOrg {
    /// The organisation's name, e.g. 河湾社区妇联 (1 to [`crate::org::MAX_ORG_NAME_CHARS`] characters).
    pub name: String,
    /// What kind of federation it is; decides where in the tree it may sit.
    pub kind: OrgKind,
    /// The organisation it sits under; `None` only for the root (the subdistrict).
    pub parent_id: Option<Uuid>,
    /// 先行点: flag it as a pilot site.
    #[serde(default)]
    pub pilot: bool,
    /// The venues (阵地) it runs.
    #[serde(default)]
    pub venues: Vec<Venue>,
}

/// `PATCH /api/v1/orgs/{id}` (admin): rename, move, flag, retire or restore.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateOrg {
    /// A new name, if renamed.
    pub name: Option<String>,
    /// A new parent, if moved (never to the root, never under itself).
    pub parent_id: Option<Uuid>,
    /// Set or clear the pilot flag.
    pub pilot: Option<bool>,
    /// The venues it runs, replacing the old list.
    pub venues: Option<Vec<Venue>>,
    /// Retire (`true`) or restore (`false`) it; a retired organisation takes no new entries.
    pub retired: Option<bool>,
}

/// `POST /api/v1/users` (admin). Without a password the server makes a
/// one-time password and returns it once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateUser {
    /// The sign-in name ([`normalise_username`]'s rules).
    pub username: String,
    /// The person's name as screens show it.
    pub display_name: String,
    /// What the account may do.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::role))]
    pub role: Role,
    /// The organisation it belongs to.
    pub org_id: Uuid,
    /// The first password ([`check_password`]'s rules); `None`: the server makes a one-time
    /// password.
    #[serde(default)]
    pub password: Option<String>,
}

/// The answer to creating an account or resetting its password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedUser {
    /// The account as stored.
    pub user: UserInfo,
    /// Shown once to the admin, to hand over; never stored in clear.
    pub one_time_password: Option<String>,
}

/// A registered device, for the admin's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceInfo {
    /// The device's id, made by the app (one per account on a phone).
    pub id: Uuid,
    /// The account it is registered to.
    pub user_id: Uuid,
    /// That account's username.
    pub username: String,
    /// What the person called it, or the browser's description, as sent at sign-in.
    pub label: String,
    /// When it was first registered, server clock, ms since the Unix epoch (UTC).
    pub registered_ms: i64,
    /// Its last successful push or pull, server clock, ms since the Unix epoch (UTC); `None`: never
    /// synced.
    pub last_sync_ms: Option<i64>,
    /// A revoked device's sessions and pushes are refused until an admin restores it.
    pub revoked: bool,
    /// Not synced for [`STALE_DEVICE_MS`] (or never, and registered that long ago).
    pub stale: bool,
}

// The audit log's wire types live with its actions (`crate::audit`).
pub use crate::audit::{AuditPage, AuditRecord};

/// Why a username or password is not acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    /// Not 3 to 32 of a-z, 0-9, '.', '_', '-'.
    #[error("usernames are 3 to 32 of a-z, 0-9, '.', '_', '-'")]
    BadUsername,
    /// Shorter than [`MIN_PASSWORD_CHARS`] or longer than [`MAX_PASSWORD_CHARS`] characters.
    #[error("passwords are {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters")]
    BadPassword,
    /// Blank, longer than 40 characters, or holding control characters.
    #[error("display names are 1 to 40 characters")]
    BadDisplayName,
    /// A new password the same as the one it replaces.
    #[error("the new password must differ from the old one")]
    SamePassword,
}

impl CredentialError {
    /// A sentence for the person, in `lang`.
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            CredentialError::BadUsername => lang.pick(
                "用户名为3至32位小写字母、数字或 . _ -",
                "Usernames are 3 to 32 of a-z, 0-9, '.', '_', '-'",
            ),
            CredentialError::BadPassword => lang.pick(
                "密码长度为8至128个字符",
                "Passwords are 8 to 128 characters",
            ),
            CredentialError::BadDisplayName => {
                lang.pick("姓名为1至40个字", "Display names are 1 to 40 characters")
            }
            CredentialError::SamePassword => lang.pick(
                "新密码不能与原密码相同",
                "The new password must differ from the old one",
            ),
        }
    }
}

/// Usernames are compared lowercased; this is the canonical form, if valid.
pub fn normalise_username(raw: &str) -> Result<String, CredentialError> {
    let name = raw.trim().to_lowercase();
    let ok_len = (3..=32).contains(&name.len());
    let ok_chars = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok_len && ok_chars {
        Ok(name)
    } else {
        Err(CredentialError::BadUsername)
    }
}

/// A password's length is acceptable ([`MIN_PASSWORD_CHARS`] to [`MAX_PASSWORD_CHARS`] characters).
pub fn check_password(password: &str) -> Result<(), CredentialError> {
    let n = password.chars().count();
    if (MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&n) {
        Ok(())
    } else {
        Err(CredentialError::BadPassword)
    }
}

/// A password replacing `old`: acceptable ([`check_password`]) and not the
/// same (a one-time password handed out on paper must really go).
pub fn check_new_password(old: &str, new: &str) -> Result<(), CredentialError> {
    check_password(new)?;
    if new == old {
        return Err(CredentialError::SamePassword);
    }
    Ok(())
}

/// A display name is 1 to 40 characters (blank edges not counted) with no control characters.
pub fn check_display_name(name: &str) -> Result<(), CredentialError> {
    let n = crate::text::trim(name).chars().count();
    if (1..=40).contains(&n) && !name.chars().any(crate::text::refused_in_line) {
        Ok(())
    } else {
        Err(CredentialError::BadDisplayName)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(
            normalise_username(" Hewan.Cadre "),
            Ok("hewan.cadre".into())
        );
        for bad in ["ab", "李华", "a b c", "x'--", &"a".repeat(33)] {
            assert_eq!(
                normalise_username(bad),
                Err(CredentialError::BadUsername),
                "{bad}"
            );
        }
    }

    #[test]
    fn passwords_and_names() {
        assert!(check_password("1234567").is_err());
        assert!(
            check_password("巾帼台账密码很好").is_ok(),
            "8 characters, any script"
        );
        assert!(check_display_name("孙艳萍").is_ok());
        assert!(check_display_name(" ").is_err());
        assert!(check_display_name("\u{200B}").is_err(), "blank");
        assert!(check_display_name("孙艳萍\u{202E}").is_err(), "bidi");
    }

    #[test]
    fn a_new_password_is_acceptable_and_not_the_old_one() {
        assert_eq!(check_new_password("k7Qm2xPa", "新的密码很长很好"), Ok(()));
        assert_eq!(
            check_new_password("k7Qm2xPa", "k7Qm2xPa"),
            Err(CredentialError::SamePassword)
        );
        assert_eq!(
            check_new_password("k7Qm2xPa", "short"),
            Err(CredentialError::BadPassword)
        );
    }

    #[test]
    fn an_older_servers_me_means_the_default_window() {
        let me = serde_json::json!({
            "user": {
                "id": Uuid::nil(), "username": "hewan", "display_name": "孙艳萍",
                "role": "cadre", "org_id": Uuid::nil(),
            },
            "device_id": Uuid::nil(),
            "orgs": [],
        });
        let me: Me = serde_json::from_value(me).unwrap();
        assert_eq!(me.phone_window_years, DEFAULT_PHONE_WINDOW_YEARS);
        assert_eq!(DEFAULT_PHONE_WINDOW_YEARS, 2);
    }
}
