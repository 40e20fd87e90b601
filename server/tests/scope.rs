//! The access policy as one table: every protected endpoint × role (admin,
//! cadre, viewer, no token) × where the target organisation sits relative to
//! the account's own (own, child, sibling, parent). Everything outside a
//! role's scope is refused; everything inside works.
//!
//! All three accounts belong to 河湾社区妇联 (own); its child is a women's group
//! under it, its sibling 小井村妇联, its parent the subdistrict federation.
//!
//! This file is the table; the world it runs in (accounts, seeded entries and
//! conflicts, one request per cell) is `scope/world.rs`.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;
#[path = "scope/world.rs"]
mod world;

use shared::access::Denied;
use shared::api::AUDIT_PATH;
use shared::fixtures::{DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_ROOT, DEMO_XIAOJING};
use uuid::Uuid;
use world::World;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Who {
    Admin,
    Cadre,
    Viewer,
    Nobody,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rel {
    Own,
    Child,
    Sibling,
    Parent,
}

pub const RELS: [Rel; 4] = [Rel::Own, Rel::Child, Rel::Sibling, Rel::Parent];

impl Rel {
    pub fn org(self) -> Uuid {
        match self {
            Rel::Own => DEMO_HEWAN,
            Rel::Child => DEMO_HEWAN_DANCE,
            Rel::Sibling => DEMO_XIAOJING,
            Rel::Parent => DEMO_ROOT,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// POST /sync/push, one create for an organisation in the relation.
    Push,
    /// POST /sync/push, an edit (of the note) of the relation's ordinary entry.
    Edit,
    /// GET /entries: whether the relation's ordinary entry is listed.
    ListEntries,
    /// GET /entries: whether the relation's high-risk screening is listed.
    ListSensitive,
    /// GET /sync/pull: whether the relation's ordinary entry is in the page.
    PullEntries,
    /// GET /sync/pull: whether the relation's high-risk screening is in the page.
    PullSensitive,
    /// GET /sync/pull: whether the conflict seeded on the relation's ordinary entry is in the page.
    PullConflicts,
    /// GET /sync/pull: the same for the conflict on its high-risk screening.
    PullSensitiveConflicts,
    /// POST /sync/push, settling the conflict seeded on the relation's ordinary entry.
    Resolve,
    /// POST /sync/push, an edit (of the note) of the relation's high-risk screening.
    EditSensitive,
    /// POST /sync/push, a delete (`fields: ["deleted"]`) of that screening.
    DeleteSensitive,
    /// POST /sync/push, its undo (`deleted: false`).
    UndoSensitive,
    /// POST /sync/push, settling the conflict seeded on that screening.
    ResolveSensitive,
    /// POST /sync/push, `fields: ["kind", "counts"]` turning that screening
    /// into a lecture (declassifying it).
    Declassify,
    /// POST /sync/push, turning the relation's ordinary entry into a screening.
    Classify,
    Me,
    /// GET /catalogue.
    Catalogue,
    /// GET /orgs: whether the relation's organisation is listed.
    ListOrgs,
    /// POST /orgs with the relation's organisation as parent.
    CreateOrg,
    /// PATCH /orgs/{relation's organisation}.
    UpdateOrg,
    ListUsers,
    /// POST /users in the relation's organisation.
    CreateUser,
    /// POST /users/{a cadre of the relation's organisation}/reset-password.
    ResetPassword,
    ListDevices,
    /// POST /devices/{that cadre's phone}/revoke, then /restore.
    RevokeDevice,
    RestoreDevice,
    Audit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Status(u16),
    /// The push's receipt says applied.
    Applied,
    /// The push's receipt says rejected, not permitted, for this reason.
    Refused(Denied),
    /// The push's receipt is the one an id the server does not hold gets
    /// (`not_found` for an edit, `no_such_conflict` for a settlement): the
    /// account learns nothing of an entry it may not read.
    Unknown,
    /// Listed / not listed.
    Shown,
    Hidden,
}

#[derive(Debug, Clone, Copy)]
enum Cells {
    /// The endpoint names no organisation: one request.
    One(Expect),
    /// One request per relation: own, child, sibling, parent.
    Each([Expect; 4]),
}

use Endpoint::*;
use Expect::*;
use Who::*;

const OK: Expect = Status(200);
const CREATED: Expect = Status(201);
const UNPROCESSABLE: Expect = Status(422);
const FORBIDDEN: Expect = Status(403);
const NO_TOKEN: Expect = Status(401);
const OUT: Expect = Refused(Denied::OutOfScope);

fn one(e: Expect) -> Cells {
    Cells::One(e)
}

fn each(e: [Expect; 4]) -> Cells {
    Cells::Each(e)
}

/// The policy. Read a line as: this endpoint, asked by this role, about an
/// organisation that is its own / a child / a sibling / its parent, gives …
#[rustfmt::skip]
fn policy() -> Vec<(Endpoint, Who, Cells)> {
    vec![
        //                      own       child      sibling    parent
        (Push,          Admin,  each([Applied, Applied,   Applied,   Applied])),
        (Push,          Cadre,  each([Applied, Applied,   OUT,       OUT])),
        (Push,          Viewer, each([OUT,     OUT,       OUT,       OUT])),
        (Push,          Nobody, each([NO_TOKEN; 4])),
        (Edit,          Admin,  each([Applied, Applied,   Applied,   Applied])),
        (Edit,          Cadre,  each([Applied, Applied,   Unknown,   Unknown])),
        (Edit,          Viewer, each([OUT,     OUT,       Unknown,   Unknown])),
        (Edit,          Nobody, each([NO_TOKEN; 4])),
        (ListEntries,   Admin,  each([Shown,   Shown,     Shown,     Shown])),
        (ListEntries,   Cadre,  each([Shown,   Shown,     Hidden,    Hidden])),
        (ListEntries,   Viewer, each([Shown,   Shown,     Hidden,    Hidden])),
        (ListEntries,   Nobody, one(NO_TOKEN)),
        // Sensitive records: the recording organisation's own cadres and admins
        // only; a parent organisation's cadre (here: of the child) does not see them.
        (ListSensitive, Admin,  each([Shown,   Shown,     Shown,     Shown])),
        (ListSensitive, Cadre,  each([Shown,   Hidden,    Hidden,    Hidden])),
        (ListSensitive, Viewer, each([Hidden;  4])),
        // A pull reads exactly what the listing reads, conflicts included.
        (PullEntries,   Admin,  each([Shown,   Shown,     Shown,     Shown])),
        (PullEntries,   Cadre,  each([Shown,   Shown,     Hidden,    Hidden])),
        (PullEntries,   Viewer, each([Shown,   Shown,     Hidden,    Hidden])),
        (PullEntries,   Nobody, one(NO_TOKEN)),
        (PullSensitive, Admin,  each([Shown,   Shown,     Shown,     Shown])),
        (PullSensitive, Cadre,  each([Shown,   Hidden,    Hidden,    Hidden])),
        (PullSensitive, Viewer, each([Hidden;  4])),
        (PullConflicts, Admin,  each([Shown,   Shown,     Shown,     Shown])),
        (PullConflicts, Cadre,  each([Shown,   Shown,     Hidden,    Hidden])),
        (PullConflicts, Viewer, each([Shown,   Shown,     Hidden,    Hidden])),
        (PullConflicts, Nobody, one(NO_TOKEN)),
        (PullSensitiveConflicts, Admin,  each([Shown, Shown,  Shown,  Shown])),
        (PullSensitiveConflicts, Cadre,  each([Shown, Hidden, Hidden, Hidden])),
        (PullSensitiveConflicts, Viewer, each([Hidden; 4])),
        // Settling a conflict needs the right to write the entry, as an edit does.
        (Resolve,       Admin,  each([Applied, Applied,   Applied,   Applied])),
        (Resolve,       Cadre,  each([Applied, Applied,   Unknown,   Unknown])),
        (Resolve,       Viewer, each([OUT,     OUT,       Unknown,   Unknown])),
        (Resolve,       Nobody, each([NO_TOKEN; 4])),
        (Me,            Admin,  one(OK)),
        (Me,            Cadre,  one(OK)),
        (Me,            Viewer, one(OK)),
        (Me,            Nobody, one(NO_TOKEN)),
        (Catalogue,     Admin,  one(OK)),
        (Catalogue,     Cadre,  one(OK)),
        (Catalogue,     Viewer, one(OK)),
        (Catalogue,     Nobody, one(NO_TOKEN)),
        (ListOrgs,      Admin,  each([Shown,   Shown,     Shown,     Shown])),
        (ListOrgs,      Cadre,  each([Shown,   Shown,     Hidden,    Hidden])),
        (ListOrgs,      Viewer, each([Shown,   Shown,     Hidden,    Hidden])),
        (ListOrgs,      Nobody, one(NO_TOKEN)),
        // Nothing may sit under a women's group: the tree's rule, not scope.
        (CreateOrg,     Admin,  each([CREATED, UNPROCESSABLE, CREATED, CREATED])),
        (CreateOrg,     Cadre,  each([FORBIDDEN; 4])),
        (CreateOrg,     Viewer, each([FORBIDDEN; 4])),
        (CreateOrg,     Nobody, each([NO_TOKEN; 4])),
        (UpdateOrg,     Admin,  each([OK;        4])),
        (UpdateOrg,     Cadre,  each([FORBIDDEN; 4])),
        (UpdateOrg,     Viewer, each([FORBIDDEN; 4])),
        (UpdateOrg,     Nobody, each([NO_TOKEN;  4])),
        (ListUsers,     Admin,  one(OK)),
        (ListUsers,     Cadre,  one(FORBIDDEN)),
        (ListUsers,     Viewer, one(FORBIDDEN)),
        (ListUsers,     Nobody, one(NO_TOKEN)),
        (CreateUser,    Admin,  each([CREATED;   4])),
        (CreateUser,    Cadre,  each([FORBIDDEN; 4])),
        (CreateUser,    Viewer, each([FORBIDDEN; 4])),
        (CreateUser,    Nobody, each([NO_TOKEN;  4])),
        (ResetPassword, Cadre,  each([FORBIDDEN; 4])),
        (ResetPassword, Viewer, each([FORBIDDEN; 4])),
        (ResetPassword, Nobody, each([NO_TOKEN;  4])),
        (ResetPassword, Admin,  each([OK;        4])),
        (ListDevices,   Admin,  one(OK)),
        (ListDevices,   Cadre,  one(FORBIDDEN)),
        (ListDevices,   Viewer, one(FORBIDDEN)),
        (ListDevices,   Nobody, one(NO_TOKEN)),
        (RevokeDevice,  Cadre,  each([FORBIDDEN; 4])),
        (RevokeDevice,  Viewer, each([FORBIDDEN; 4])),
        (RevokeDevice,  Nobody, each([NO_TOKEN;  4])),
        (RevokeDevice,  Admin,  each([OK;        4])),
        (RestoreDevice, Cadre,  each([FORBIDDEN; 4])),
        (RestoreDevice, Viewer, each([FORBIDDEN; 4])),
        (RestoreDevice, Nobody, each([NO_TOKEN;  4])),
        (RestoreDevice, Admin,  each([OK;        4])),
        (Audit,         Admin,  one(OK)),
        (Audit,         Cadre,  one(FORBIDDEN)),
        (Audit,         Viewer, one(FORBIDDEN)),
        (Audit,         Nobody, one(NO_TOKEN)),
        // Changing a sensitive record needs the right to read it as stored:
        // what an account may not read is, to it, not there. (Admins last:
        // their changes would alter what the rows after them find.)
        (EditSensitive,    Cadre,  each([Applied, Unknown, Unknown, Unknown])),
        (EditSensitive,    Viewer, each([Unknown; 4])),
        (EditSensitive,    Nobody, each([NO_TOKEN; 4])),
        (EditSensitive,    Admin,  each([Applied; 4])),
        (DeleteSensitive,  Cadre,  each([Applied, Unknown, Unknown, Unknown])),
        (DeleteSensitive,  Viewer, each([Unknown; 4])),
        (DeleteSensitive,  Nobody, each([NO_TOKEN; 4])),
        (DeleteSensitive,  Admin,  each([Applied; 4])),
        (UndoSensitive,    Cadre,  each([Applied, Unknown, Unknown, Unknown])),
        (UndoSensitive,    Viewer, each([Unknown; 4])),
        (UndoSensitive,    Nobody, each([NO_TOKEN; 4])),
        (UndoSensitive,    Admin,  each([Applied; 4])),
        (ResolveSensitive, Cadre,  each([Applied, Unknown, Unknown, Unknown])),
        (ResolveSensitive, Viewer, each([Unknown; 4])),
        (ResolveSensitive, Nobody, each([NO_TOKEN; 4])),
        (ResolveSensitive, Admin,  each([Applied; 4])),
        // Declassifying is an edit of a record one may not read; making a
        // record sensitive is refused where it would leave the writer's sight.
        (Declassify,       Viewer, each([Unknown; 4])),
        (Declassify,       Nobody, each([NO_TOKEN; 4])),
        (Declassify,       Cadre,  each([Applied, Unknown, Unknown, Unknown])),
        (Declassify,       Admin,  each([Applied; 4])),
        (Classify,         Viewer, each([OUT,     OUT,     Unknown, Unknown])),
        (Classify,         Nobody, each([NO_TOKEN; 4])),
        (Classify,         Cadre,  each([Applied, OUT,     Unknown, Unknown])),
        (Classify,         Admin,  each([Applied; 4])),
    ]
}

#[tokio::test]
async fn every_endpoint_role_and_relation() {
    let mut world = World::new().await;
    world.seed_entries().await;
    let mut failures = Vec::new();
    let mut cells = 0;
    for (endpoint, who, expected) in policy() {
        let runs: Vec<(Option<Rel>, Expect)> = match expected {
            Cells::One(e) => vec![(None, e)],
            Cells::Each(es) => RELS.into_iter().map(Some).zip(es).collect(),
        };
        for (rel, want) in runs {
            cells += 1;
            let got = world.run(endpoint, who, rel).await;
            if got != want {
                failures.push(format!(
                    "{endpoint:?} as {who:?} on {rel:?}: want {want:?}, got {got:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cells} cells differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(cells > 200, "{cells}");

    // Refused requests changed nothing: the only things the cadre and the
    // viewer left in the audit log are their sign-ins and their pushes.
    let log = world
        .get(Admin, &format!("{AUDIT_PATH}?limit=500"))
        .await
        .json();
    for who in [Cadre, Viewer] {
        let id = world.sessions[&who].user.id.to_string();
        let actions: Vec<&str> = log["records"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["user_id"] == id.as_str())
            .map(|r| r["action"].as_str().unwrap())
            .collect();
        // (The table's edits name no base version, so they conflict with
        // the seeding admin's writes: that is recorded too.)
        let allowed = [
            "auth.login",
            "entry.create",
            "entry.update",
            "entry.delete",
            "entry.restore",
            "entry.conflict",
            "entry.denied",
            "conflict.resolve",
        ];
        assert!(
            actions.iter().all(|a| allowed.contains(a)),
            "{who:?}: {actions:?}"
        );
    }
}
