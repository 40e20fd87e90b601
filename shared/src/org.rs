//! Organisations: the federation's tree. A subdistrict federation is the root
//! of a deployment; village, community and enterprise federations sit under
//! it; women's groups sit under those. Everything recorded belongs to one
//! organisation, and who may see what is decided on this tree ([`crate::access`]).
#![deny(missing_docs)]

use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

/// Longest organisation name, in characters.
pub const MAX_ORG_NAME_CHARS: usize = 60;

/// What kind of organisation a node of the tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum OrgKind {
    /// 街道妇联: the root of a deployment.
    Subdistrict,
    /// 村妇联.
    Village,
    /// 社区妇联 (urban community).
    Community,
    /// 企业妇联.
    Enterprise,
    /// 妇女小组: in a governance grid or an interest group.
    WomenGroup,
}

impl OrgKind {
    /// Every kind, root first, as pickers list them.
    pub const ALL: [OrgKind; 5] = [
        OrgKind::Subdistrict,
        OrgKind::Village,
        OrgKind::Community,
        OrgKind::Enterprise,
        OrgKind::WomenGroup,
    ];

    /// The kind's name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            OrgKind::Subdistrict => lang.pick("街道妇联", "Subdistrict federation"),
            OrgKind::Village => lang.pick("村妇联", "Village federation"),
            OrgKind::Community => lang.pick("社区妇联", "Community federation"),
            OrgKind::Enterprise => lang.pick("企业妇联", "Enterprise federation"),
            OrgKind::WomenGroup => lang.pick("妇女小组", "Women's group"),
        }
    }

    /// Whether an organisation of this kind may sit directly under `parent`
    /// (`None`: at the root).
    pub fn may_sit_under(self, parent: Option<OrgKind>) -> bool {
        use OrgKind::*;
        matches!(
            (self, parent),
            (Subdistrict, None)
                | (Village | Community | Enterprise, Some(Subdistrict))
                | (WomenGroup, Some(Village | Community | Enterprise))
        )
    }
}

/// A venue an organisation runs (阵地).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Venue {
    /// 妇女儿童家园.
    WomenChildrenHome,
    /// 妇女之家.
    WomensHome,
    /// 妇女微家.
    WomensMicroHome,
}

impl Venue {
    /// Every venue, as pickers list them.
    pub const ALL: [Venue; 3] = [
        Venue::WomenChildrenHome,
        Venue::WomensHome,
        Venue::WomensMicroHome,
    ];

    /// The venue's name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Venue::WomenChildrenHome => lang.pick("妇女儿童家园", "Women and children's home"),
            Venue::WomensHome => lang.pick("妇女之家", "Women's home"),
            Venue::WomensMicroHome => lang.pick("妇女微家", "Women's micro-home"),
        }
    }
}

/// One organisation. Retired ones stay in the tree (their history stays
/// readable) but take no new entries and no new children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisation {
    /// Made by the server when the organisation is created; never changes.
    pub id: Uuid,
    /// The organisation it sits under; `None` only for the root (the subdistrict federation).
    pub parent_id: Option<Uuid>,
    /// Its name as people write it, e.g. 河湾社区妇联.
    pub name: String,
    /// What kind of federation it is: decides where in the tree it may sit.
    pub kind: OrgKind,
    /// 先行点: flagged as a pilot site.
    #[serde(default)]
    pub pilot: bool,
    /// The venues (阵地) it runs.
    #[serde(default)]
    pub venues: Vec<Venue>,
    /// Retired: no new entries or children, its history still readable.
    #[serde(default)]
    pub retired: bool,
}

/// Why a tree or a change to it is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum TreeError {
    /// No organisation has this id.
    #[error("organisation {id} not found")]
    NotFound {
        /// The id looked for.
        id: Uuid,
    },
    /// This kind of organisation may not sit under that parent (see
    /// [`OrgKind::may_sit_under`]).
    #[error("a {kind:?} cannot sit under a {parent:?}")]
    WrongPlace {
        /// The kind of the organisation placed.
        kind: OrgKind,
        /// The kind of the parent it would sit under (`None`: the root).
        parent: Option<OrgKind>,
    },
    /// A move under itself or one of its own descendants.
    #[error("an organisation cannot move under itself or its own descendants")]
    Cycle,
    /// The parent (or the organisation acted on) is retired.
    #[error("organisation {id} is retired")]
    Retired {
        /// The retired organisation.
        id: Uuid,
    },
    /// The name is blank, too long or holds refused characters.
    #[error("the name is empty or longer than {MAX_ORG_NAME_CHARS} characters")]
    BadName,
    /// Retiring an organisation with active organisations under it.
    #[error("the organisation still has active organisations under it")]
    HasActiveChildren,
}

impl TreeError {
    /// A sentence for the person, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (TreeError::NotFound { .. }, Lang::Zh) => "找不到该组织".into(),
            (TreeError::NotFound { .. }, Lang::En) => "Organisation not found".into(),
            (TreeError::WrongPlace { kind, parent }, _) => {
                let p = parent.map_or(lang.pick("顶层", "the top"), |p| p.name(lang));
                match lang {
                    Lang::Zh => format!("{}不能设在{}之下", kind.name(lang), p),
                    Lang::En => format!("A {} cannot sit under {}", kind.name(lang), p),
                }
            }
            (TreeError::Cycle, Lang::Zh) => "不能移到它自己或其下级组织之下".into(),
            (TreeError::Cycle, Lang::En) => {
                "An organisation cannot move under itself or its own descendants".into()
            }
            (TreeError::Retired { .. }, Lang::Zh) => "该组织已撤销".into(),
            (TreeError::Retired { .. }, Lang::En) => "That organisation is retired".into(),
            (TreeError::BadName, Lang::Zh) => {
                format!("组织名称不能为空，且不超过{MAX_ORG_NAME_CHARS}个字")
            }
            (TreeError::BadName, Lang::En) => {
                format!("The name must be 1 to {MAX_ORG_NAME_CHARS} characters")
            }
            (TreeError::HasActiveChildren, Lang::Zh) => "请先撤销其下级组织".into(),
            (TreeError::HasActiveChildren, Lang::En) => {
                "Retire the organisations under it first".into()
            }
        }
    }
}

/// Checks an organisation's name (as typed: it is stored [`crate::text::trim`]med).
pub fn check_org_name(name: &str) -> Result<(), TreeError> {
    let n = crate::text::trim(name).chars().count();
    if n == 0 || n > MAX_ORG_NAME_CHARS || name.chars().any(crate::text::refused_in_line) {
        Err(TreeError::BadName)
    } else {
        Ok(())
    }
}

/// The organisations of a deployment, indexed for subtree questions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgTree {
    by_id: HashMap<Uuid, Organisation>,
    children: HashMap<Uuid, Vec<Uuid>>,
}

impl OrgTree {
    /// Builds the index. Organisations whose parent is missing hang at the
    /// top (they are still found, never silently dropped).
    pub fn new(orgs: impl IntoIterator<Item = Organisation>) -> Self {
        let by_id: HashMap<Uuid, Organisation> = orgs.into_iter().map(|o| (o.id, o)).collect();
        let mut children: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for org in by_id.values() {
            if let Some(parent) = org.parent_id.filter(|p| by_id.contains_key(p)) {
                children.entry(parent).or_default().push(org.id);
            }
        }
        for list in children.values_mut() {
            list.sort_by(|a, b| by_id[a].name.cmp(&by_id[b].name).then(a.cmp(b)));
        }
        Self { by_id, children }
    }

    /// The organisation with this id.
    pub fn get(&self, id: &Uuid) -> Option<&Organisation> {
        self.by_id.get(id)
    }

    /// How many organisations the tree holds.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether the tree holds none.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Organisations with no (known) parent, by name.
    pub fn roots(&self) -> Vec<&Organisation> {
        let mut roots: Vec<&Organisation> = self
            .by_id
            .values()
            .filter(|o| o.parent_id.is_none_or(|p| !self.by_id.contains_key(&p)))
            .collect();
        roots.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        roots
    }

    /// Whether `id` is `ancestor` or lies below it.
    pub fn is_within(&self, id: &Uuid, ancestor: &Uuid) -> bool {
        let mut current = Some(*id);
        // The walk is bounded by the tree's size, so a corrupt cycle cannot hang it.
        for _ in 0..=self.by_id.len() {
            match current {
                Some(c) if c == *ancestor => return true,
                Some(c) => current = self.by_id.get(&c).and_then(|o| o.parent_id),
                None => return false,
            }
        }
        false
    }

    /// `root` and everything below it, depth first, children by name.
    pub fn subtree(&self, root: &Uuid) -> Vec<&Organisation> {
        let mut out = Vec::new();
        let mut stack: Vec<Uuid> = self
            .by_id
            .contains_key(root)
            .then_some(*root)
            .into_iter()
            .collect();
        let mut seen = std::collections::HashSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue; // a corrupt cycle: each organisation once
            }
            if let Some(org) = self.by_id.get(&id) {
                out.push(org);
                if let Some(kids) = self.children.get(&id) {
                    stack.extend(kids.iter().rev());
                }
            }
        }
        out
    }

    /// Depth of `id` below its root (0 for a root).
    pub fn depth(&self, id: &Uuid) -> usize {
        self.path(id).len().saturating_sub(1)
    }

    /// From the root down to `id`, for showing where an organisation sits.
    pub fn path(&self, id: &Uuid) -> Vec<&Organisation> {
        let mut path = Vec::new();
        let mut current = self.by_id.get(id);
        while let Some(org) = current {
            if path.len() > self.by_id.len() {
                break;
            }
            path.push(org);
            current = org.parent_id.and_then(|p| self.by_id.get(&p));
        }
        path.reverse();
        path
    }

    /// Checks that a new organisation of `kind` may be created under `parent`.
    pub fn check_create(&self, kind: OrgKind, parent: Option<&Uuid>) -> Result<(), TreeError> {
        let parent_kind = match parent {
            None => None,
            Some(p) => {
                let org = self.by_id.get(p).ok_or(TreeError::NotFound { id: *p })?;
                if org.retired {
                    return Err(TreeError::Retired { id: *p });
                }
                Some(org.kind)
            }
        };
        if kind.may_sit_under(parent_kind) {
            Ok(())
        } else {
            Err(TreeError::WrongPlace {
                kind,
                parent: parent_kind,
            })
        }
    }

    /// Checks that `id` may move under `new_parent`.
    pub fn check_move(&self, id: &Uuid, new_parent: &Uuid) -> Result<(), TreeError> {
        let org = self.by_id.get(id).ok_or(TreeError::NotFound { id: *id })?;
        if self.is_within(new_parent, id) {
            return Err(TreeError::Cycle);
        }
        self.check_create(org.kind, Some(new_parent))
    }

    /// Checks that `id` may be retired: nothing active may remain under it.
    pub fn check_retire(&self, id: &Uuid) -> Result<(), TreeError> {
        self.by_id.get(id).ok_or(TreeError::NotFound { id: *id })?;
        let active_child = self
            .children
            .get(id)
            .is_some_and(|kids| kids.iter().any(|k| !self.by_id[k].retired));
        if active_child {
            Err(TreeError::HasActiveChildren)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
#[path = "org_tests.rs"]
mod tests;
