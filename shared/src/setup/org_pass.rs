//! The organisations' rows resolved: each row's parent found (in the tree or
//! the file, by name or `上级/名称`), then the row matched with an existing
//! organisation, planned as new, or found wrong. Rows may name parents
//! further down the file, so passes repeat until nothing more resolves.

use super::{Existing, Node, OrgRef};
use crate::org::{check_org_name, OrgKind, TreeError};
use crate::setup::plan::parse_kind;
use crate::setup::problem::SetupProblem;
use crate::setup::rows::OrgRow;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// What a name points at.
pub(super) enum Found {
    Node(Node),
    Nothing,
    Ambiguous,
    /// A file row of that name is not resolved yet.
    Pending,
}

pub(super) struct OrgPass<'a> {
    rows: &'a [OrgRow],
    pub existing: &'a Existing<'a>,
    /// Each row's identity, once resolved.
    pub node: Vec<Option<Node>>,
    pub problem: Vec<Option<SetupProblem>>,
    /// Each row's parent (`None`: at the top, or not found).
    pub parent: Vec<Option<Node>>,
    pub kind: Vec<Option<OrgKind>>,
    /// Rows in the order they were resolved: parents before children.
    pub order: Vec<usize>,
    /// A new row's index among the organisations to create.
    new_index: HashMap<usize, usize>,
    rows_by_name: HashMap<&'a str, Vec<usize>>,
    tree_by_name: HashMap<&'a str, Vec<Uuid>>,
    tree_child: HashMap<(Option<Uuid>, &'a str), Uuid>,
    keys: HashSet<(Option<Node>, String)>,
}

impl<'a> OrgPass<'a> {
    pub fn new(rows: &'a [OrgRow], existing: &'a Existing<'a>) -> Self {
        let mut rows_by_name: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            rows_by_name.entry(r.name.as_str()).or_default().push(i);
        }
        let mut tree_by_name: HashMap<&str, Vec<Uuid>> = HashMap::new();
        let mut tree_child = HashMap::new();
        for root in existing.tree.roots() {
            for o in existing.tree.subtree(&root.id) {
                tree_by_name.entry(o.name.as_str()).or_default().push(o.id);
                tree_child.insert((o.parent_id, o.name.as_str()), o.id);
            }
        }
        let n = rows.len();
        OrgPass {
            rows,
            existing,
            node: vec![None; n],
            problem: vec![None; n],
            parent: vec![None; n],
            kind: vec![None; n],
            order: Vec::with_capacity(n),
            new_index: HashMap::new(),
            rows_by_name,
            tree_by_name,
            tree_child,
            keys: HashSet::new(),
        }
    }

    /// Resolves every row. When a pass makes no progress (a parent that is
    /// only a cycle of rows), the first waiting row is decided as not found,
    /// which may let the others go on.
    pub fn run(&mut self) {
        loop {
            let mut progress = false;
            let mut waiting = None;
            for i in 0..self.rows.len() {
                if self.node[i].is_some() {
                    continue;
                }
                if self.try_resolve(i, false) {
                    progress = true;
                } else {
                    waiting.get_or_insert(i);
                }
            }
            match waiting {
                None => return,
                Some(i) if !progress => {
                    self.try_resolve(i, true);
                }
                Some(_) => {}
            }
        }
    }

    /// The plan's reference for a resolved node (`None` for a wrong row).
    pub fn as_ref(&self, node: Node) -> Option<OrgRef> {
        match node {
            Node::Existing(id) => Some(OrgRef::Existing(id)),
            Node::New(i) => self.new_index.get(&i).map(|&k| OrgRef::New(k)),
            Node::Bad(_) => None,
        }
    }

    /// What `text` (a name, or `上级/名称`) points at.
    pub fn find(&self, text: &str) -> Found {
        let (parent_name, leaf) = match text.rsplit_once('/') {
            Some((p, l)) => (Some(crate::text::trim(p)), crate::text::trim(l)),
            None => (None, text),
        };
        let mut found: Vec<Node> = Vec::new();
        let parent_ok = |node: Option<Node>| match parent_name {
            None => true,
            Some(p) => node.is_some_and(|n| self.name_of(n) == p),
        };
        for id in self.tree_by_name.get(leaf).into_iter().flatten() {
            let parent = self.existing.tree.get(id).and_then(|o| o.parent_id);
            if parent_ok(parent.map(Node::Existing)) {
                found.push(Node::Existing(*id));
            }
        }
        for &i in self.rows_by_name.get(leaf).into_iter().flatten() {
            match self.node[i] {
                None => return Found::Pending,
                Some(Node::Existing(_)) => {} // listed with the tree's
                // A row written twice is one organisation, named by the first.
                Some(_) if matches!(self.problem[i], Some(SetupProblem::DuplicateName { .. })) => {}
                Some(n) if parent_ok(self.parent[i]) => found.push(n),
                Some(_) => {}
            }
        }
        match found.as_slice() {
            [] => Found::Nothing,
            [one] => Found::Node(*one),
            _ => Found::Ambiguous,
        }
    }

    fn name_of(&self, node: Node) -> &str {
        match node {
            Node::Existing(id) => self.existing.tree.get(&id).map_or("", |o| o.name.as_str()),
            Node::New(i) | Node::Bad(i) => &self.rows[i].name,
        }
    }

    /// Resolves row `i` if its parent is decided (or `last`: decide it now).
    fn try_resolve(&mut self, i: usize, last: bool) -> bool {
        let row = &self.rows[i];
        let mut problem: Option<SetupProblem> = None;
        let parent = if row.parent.is_empty() {
            None
        } else {
            match self.find(&row.parent) {
                Found::Node(n) => Some(n),
                Found::Pending if !last => return false,
                Found::Ambiguous => {
                    problem = Some(SetupProblem::Ambiguous {
                        name: row.parent.clone(),
                    });
                    None
                }
                Found::Nothing | Found::Pending => {
                    problem = Some(SetupProblem::UnknownParent {
                        name: row.parent.clone(),
                    });
                    None
                }
            }
        };
        let mut note = |p: SetupProblem| {
            problem.get_or_insert(p);
        };
        if row.name.is_empty() {
            note(SetupProblem::Missing { column: "名称" });
        } else if let Err(e) = check_org_name(&row.name) {
            note(e.into());
        }
        let kind = parse_kind(&row.kind);
        match (&kind, row.kind.is_empty()) {
            (_, true) => note(SetupProblem::Missing { column: "类型" }),
            (None, false) => note(SetupProblem::BadKind {
                text: row.kind.clone(),
            }),
            _ => {}
        }
        // The parent's kind: known unless the parent row's own kind is wrong.
        let parent_kind: Option<Option<OrgKind>> = match parent {
            None if row.parent.is_empty() => Some(None),
            None => None,
            Some(Node::Existing(id)) => match self.existing.tree.get(&id) {
                Some(o) if o.retired => {
                    note(TreeError::Retired { id }.into());
                    None
                }
                o => o.map(|o| Some(o.kind)),
            },
            Some(Node::New(j) | Node::Bad(j)) => self.kind[j].map(Some),
        };
        if let (Some(kind), Some(pk)) = (kind, parent_kind) {
            if !kind.may_sit_under(pk) {
                note(TreeError::WrongPlace { kind, parent: pk }.into());
            }
        }
        let parent_id = match parent {
            None if row.parent.is_empty() => Some(None),
            Some(Node::Existing(id)) => Some(Some(id)),
            _ => None,
        };
        let matched = parent_id.and_then(|p| self.tree_child.get(&(p, row.name.as_str())).copied());
        if let Some(id) = matched {
            if self.existing.tree.get(&id).is_some_and(|o| o.retired) {
                note(TreeError::Retired { id }.into());
            }
        }
        if !self.keys.insert((parent, row.name.clone())) {
            note(SetupProblem::DuplicateName {
                name: row.name.clone(),
            });
        }
        let node = match (&problem, matched) {
            (Some(_), _) => Node::Bad(i),
            (None, Some(id)) => Node::Existing(id),
            (None, None) => {
                self.new_index.insert(i, self.new_index.len());
                Node::New(i)
            }
        };
        self.node[i] = Some(node);
        self.problem[i] = problem;
        self.parent[i] = parent;
        self.kind[i] = kind;
        self.order.push(i);
        true
    }
}
