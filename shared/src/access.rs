//! Who may see and change what: the rules, once, as pure functions over the
//! organisation tree. The server applies them to every request; the app uses
//! them only to hide what would be refused anyway (it is never trusted).
#![deny(missing_docs)]

use crate::lang::Lang;
use crate::org::OrgTree;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The whole deployment: organisations, accounts, devices, audit log, every entry.
    Admin,
    /// One organisation and everything under it: records and reads there.
    Cadre,
    /// Reads (not sensitive records) in its organisation's subtree; writes nothing.
    Viewer,
}

impl Role {
    /// Every role, most powerful first (the admin's picker lists them so).
    pub const ALL: [Role; 3] = [Role::Admin, Role::Cadre, Role::Viewer];

    /// The role's name as the admin screens show it.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Role::Admin => lang.pick("管理员", "Administrator"),
            Role::Cadre => lang.pick("妇联干部", "Cadre"),
            Role::Viewer => lang.pick("只读查看", "Viewer"),
        }
    }
}

/// The signed-in account a request acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    /// The account's id (`UserInfo::id`).
    pub user_id: Uuid,
    /// What the account may do.
    pub role: Role,
    /// The organisation the account belongs to.
    pub org_id: Uuid,
}

impl Principal {
    /// Whether the account administers the whole deployment.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// May read (non-sensitive) records of `org`.
    pub fn can_read_org(&self, tree: &OrgTree, org: &Uuid) -> bool {
        self.is_admin() || tree.is_within(org, &self.org_id)
    }

    /// May record for `org` (it must also exist and not be retired: see
    /// [`Principal::check_write`]).
    pub fn can_write_org(&self, tree: &OrgTree, org: &Uuid) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Cadre => tree.is_within(org, &self.org_id),
            Role::Viewer => false,
        }
    }

    /// May read a record of `org`, sensitive or not. Sensitive records
    /// (screenings of high-risk families) are for the recording organisation's
    /// own cadres and for admins: not viewers, not parent organisations.
    pub fn can_read_record(&self, tree: &OrgTree, org: &Uuid, sensitive: bool) -> bool {
        if !sensitive {
            return self.can_read_org(tree, org);
        }
        match self.role {
            Role::Admin => true,
            Role::Cadre => self.org_id == *org,
            Role::Viewer => false,
        }
    }

    /// Why writing a record of `org` (its sensitivity as given) is refused,
    /// if it is: the organisation must be writable ([`Principal::check_write`])
    /// and the record readable afterwards. A writer never makes a record it
    /// could not read — a parent organisation's cadre cannot turn a child
    /// group's lecture into a screening she may not see, nor record one there.
    /// Refused as [`Denied::OutOfScope`]: the wire's reasons stay those every
    /// phone in the field already knows.
    pub fn check_write_record(
        &self,
        tree: &OrgTree,
        org: &Uuid,
        sensitive: bool,
    ) -> Result<(), Denied> {
        self.check_write(tree, org)?;
        if !self.can_read_record(tree, org, sensitive) {
            return Err(Denied::OutOfScope);
        }
        Ok(())
    }

    /// Why recording for `org` is refused, if it is.
    pub fn check_write(&self, tree: &OrgTree, org: &Uuid) -> Result<(), Denied> {
        let target = tree.get(org).ok_or(Denied::UnknownOrganisation)?;
        if !self.can_write_org(tree, org) {
            return Err(Denied::OutOfScope);
        }
        if target.retired {
            return Err(Denied::RetiredOrganisation);
        }
        Ok(())
    }
}

/// Why an action is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum Denied {
    /// The organisation id names no organisation the server holds.
    #[error("the organisation does not exist")]
    UnknownOrganisation,
    /// The organisation lies outside the account's subtree (or the account is a viewer, who records
    /// nothing).
    #[error("the organisation is outside this account's scope")]
    OutOfScope,
    /// The organisation is retired: its history stays readable, but it takes no new entries.
    #[error("the organisation is retired")]
    RetiredOrganisation,
    /// A reason this build does not know: what an older app makes of one a
    /// newer server added. Refused all the same; a server never sends it.
    #[serde(other)]
    #[error("refused for a reason this version does not know")]
    Unknown,
}

impl Denied {
    /// A sentence for the person, in `lang`.
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            Denied::UnknownOrganisation => {
                lang.pick("找不到该组织", "The organisation does not exist")
            }
            Denied::OutOfScope => lang.pick(
                "您的账号无权为该组织记录",
                "Your account may not record for that organisation",
            ),
            Denied::RetiredOrganisation => {
                lang.pick("该组织已撤销", "That organisation is retired")
            }
            Denied::Unknown => lang.pick(
                "服务器因本版应用不认识的原因拒绝了这项操作，请更新应用后查看原因",
                "The server refused this for a reason this version of the app does not know; \
                 update the app to see why",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{demo_orgs, DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_ROOT, DEMO_XIAOJING};

    fn who(role: Role, org: Uuid) -> Principal {
        Principal {
            user_id: Uuid::from_u128(1),
            role,
            org_id: org,
        }
    }

    /// Every role × the four relations the issue names (own, child, sibling, parent).
    #[test]
    fn the_scope_table() {
        let t = OrgTree::new(demo_orgs());
        // (role, account's org, target org, read, write, read sensitive)
        let table = [
            (Role::Cadre, DEMO_HEWAN, DEMO_HEWAN, true, true, true), // own
            (Role::Cadre, DEMO_HEWAN, DEMO_HEWAN_DANCE, true, true, false), // child
            (Role::Cadre, DEMO_HEWAN, DEMO_XIAOJING, false, false, false), // sibling
            (Role::Cadre, DEMO_HEWAN, DEMO_ROOT, false, false, false), // parent
            (Role::Viewer, DEMO_HEWAN, DEMO_HEWAN, true, false, false),
            (
                Role::Viewer,
                DEMO_HEWAN,
                DEMO_HEWAN_DANCE,
                true,
                false,
                false,
            ),
            (Role::Viewer, DEMO_HEWAN, DEMO_XIAOJING, false, false, false),
            (Role::Viewer, DEMO_HEWAN, DEMO_ROOT, false, false, false),
            (Role::Admin, DEMO_ROOT, DEMO_HEWAN, true, true, true),
            (Role::Admin, DEMO_HEWAN, DEMO_XIAOJING, true, true, true), // admin: everything
        ];
        for (role, own, target, read, write, sensitive) in table {
            let p = who(role, own);
            assert_eq!(p.can_read_org(&t, &target), read, "{role:?} read {target}");
            assert_eq!(
                p.can_write_org(&t, &target),
                write,
                "{role:?} write {target}"
            );
            assert_eq!(
                p.can_read_record(&t, &target, true),
                sensitive,
                "{role:?} sensitive {target}"
            );
            assert_eq!(p.can_read_record(&t, &target, false), read);
        }
    }

    /// Every role × relation for a sensitive record: writing it needs the
    /// right to read it too.
    #[test]
    fn writing_a_sensitive_record_needs_reading_it() {
        let t = OrgTree::new(demo_orgs());
        let out = Err(Denied::OutOfScope);
        // (role, target, ordinary, sensitive)
        let table = [
            (Role::Cadre, DEMO_HEWAN, Ok(()), Ok(())),
            (Role::Cadre, DEMO_HEWAN_DANCE, Ok(()), out),
            (Role::Cadre, DEMO_XIAOJING, out, out),
            (Role::Viewer, DEMO_HEWAN, out, out),
            (Role::Admin, DEMO_HEWAN_DANCE, Ok(()), Ok(())),
        ];
        for (role, target, ordinary, sensitive) in table {
            let p = who(role, DEMO_HEWAN);
            assert_eq!(p.check_write_record(&t, &target, false), ordinary);
            assert_eq!(p.check_write_record(&t, &target, true), sensitive);
        }
    }

    #[test]
    fn writing_needs_a_live_organisation() {
        let mut orgs = demo_orgs();
        orgs.iter_mut()
            .find(|o| o.id == DEMO_HEWAN_DANCE)
            .unwrap()
            .retired = true;
        let t = OrgTree::new(orgs);
        let cadre = who(Role::Cadre, DEMO_HEWAN);
        assert_eq!(cadre.check_write(&t, &DEMO_HEWAN), Ok(()));
        assert_eq!(
            cadre.check_write(&t, &DEMO_HEWAN_DANCE),
            Err(Denied::RetiredOrganisation)
        );
        assert_eq!(
            cadre.check_write(&t, &DEMO_XIAOJING),
            Err(Denied::OutOfScope)
        );
        assert_eq!(
            cadre.check_write(&t, &Uuid::from_u128(77)),
            Err(Denied::UnknownOrganisation)
        );
    }
}
