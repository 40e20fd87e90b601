//! The access policy as one table: every protected endpoint × role (admin,
//! cadre, viewer, no token) × where the target organisation sits relative to
//! the account's own (own, child, sibling, parent). Everything outside a
//! role's scope is refused; everything inside works.
//!
//! All three accounts belong to 河湾社区妇联 (own); its child is a women's group
//! under it, its sibling 小井村妇联, its parent the subdistrict federation.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::http::Method;
use common::{create, device, Reply, Session, TestApp};
use serde_json::{json, Value};
use shared::access::{Denied, Role};
use shared::account::{AUDIT_PATH, DEVICES_PATH, ME_PATH, ORGS_PATH, USERS_PATH};
use shared::catalogue::CATALOGUE_PATH;
use shared::entry::EntryField;
use shared::fixtures::{sample_entry, DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_ROOT, DEMO_XIAOJING};
use shared::sync::protocol::{
    Change, ChangeOp, EntryPage, Outcome, PushRequest, PushResponse, RejectReason, ENTRIES_PATH,
    PUSH_PATH,
};
use shared::Entry;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Who {
    Admin,
    Cadre,
    Viewer,
    Nobody,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Rel {
    Own,
    Child,
    Sibling,
    Parent,
}

const RELS: [Rel; 4] = [Rel::Own, Rel::Child, Rel::Sibling, Rel::Parent];

impl Rel {
    fn org(self) -> Uuid {
        match self {
            Rel::Own => DEMO_HEWAN,
            Rel::Child => DEMO_HEWAN_DANCE,
            Rel::Sibling => DEMO_XIAOJING,
            Rel::Parent => DEMO_ROOT,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    /// POST /sync/push, one create for an organisation in the relation.
    Push,
    /// POST /sync/push, an edit (of the note) of the relation's ordinary entry.
    Edit,
    /// GET /entries: whether the relation's ordinary entry is listed.
    ListEntries,
    /// GET /entries: whether the relation's high-risk screening is listed.
    ListSensitive,
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
enum Expect {
    Status(u16),
    /// The push's receipt says applied.
    Applied,
    /// The push's receipt says rejected, not permitted, for this reason.
    Refused(Denied),
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
        (Edit,          Cadre,  each([Applied, Applied,   OUT,       OUT])),
        (Edit,          Viewer, each([OUT,     OUT,       OUT,       OUT])),
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
    ]
}

/// The world the table runs in.
struct World {
    app: TestApp,
    sessions: HashMap<Who, Session>,
    /// Next change number per device.
    next_seq: HashMap<Uuid, u64>,
    /// A cadre account per relation (targets of password resets) and its phone.
    targets: HashMap<Rel, (Uuid, Uuid)>,
    /// The ordinary entry seeded in each relation's organisation.
    seeded: HashMap<Rel, Entry>,
    serial: u32,
}

impl World {
    async fn new() -> Self {
        let app = TestApp::new().await;
        let mut sessions = HashMap::new();
        for (n, (who, role)) in [
            (Admin, Role::Admin),
            (Cadre, Role::Cadre),
            (Viewer, Role::Viewer),
        ]
        .into_iter()
        .enumerate()
        {
            let name = format!("hewan_{who:?}").to_lowercase();
            app.add_user(&name, role, DEMO_HEWAN).await;
            sessions.insert(who, app.login(&name, device(n as u128 + 1)).await);
        }
        let mut targets = HashMap::new();
        for (n, rel) in RELS.into_iter().enumerate() {
            let name = format!("target_{rel:?}").to_lowercase();
            let user = app.add_user(&name, Role::Cadre, rel.org()).await;
            let phone = device(100 + n as u128);
            app.login(&name, phone).await;
            targets.insert(rel, (user.id, phone));
        }
        Self {
            app,
            sessions,
            next_seq: HashMap::new(),
            targets,
            seeded: HashMap::new(),
            serial: 0,
        }
    }

    /// An ordinary and a sensitive entry in each relation's organisation,
    /// recorded by the deployment's own admin, titled after their place.
    async fn seed_entries(&mut self) {
        let changes = RELS
            .into_iter()
            .flat_map(|rel| [(rel, false), (rel, true)])
            .enumerate()
            .map(|(i, (rel, sensitive))| {
                let mut e = sample_entry(500 + i as u32);
                e.org_id = rel.org();
                e.title = title(rel, sensitive);
                if sensitive {
                    e.kind = "high_risk_screening".into();
                    e.counts = [("times".into(), 1), ("households".into(), 3)].into();
                } else {
                    self.seeded.insert(rel, e.clone());
                }
                create(i as u64 + 1, e)
            })
            .collect();
        let reply = self
            .app
            .push(&PushRequest {
                device_id: device(99),
                changes,
            })
            .await;
        let res: PushResponse = serde_json::from_slice(&reply.body).unwrap();
        assert!(res
            .receipts
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Applied { .. })));
    }

    fn token(&self, who: Who) -> Option<String> {
        self.sessions.get(&who).map(|s| s.token.clone())
    }

    async fn send(&self, who: Who, method: Method, uri: &str, body: Option<Value>) -> Reply {
        let body = body.map_or_else(Vec::new, |v| serde_json::to_vec(&v).unwrap());
        let mut req = common::post_request(uri, body);
        *req.method_mut() = method;
        if let Some(token) = self.token(who) {
            req = common::with_token(req, &token);
        }
        self.app.send(req).await
    }

    async fn get(&self, who: Who, uri: &str) -> Reply {
        self.send(who, Method::GET, uri, None).await
    }

    /// Runs one cell; what happened, in the table's terms.
    async fn run(&mut self, endpoint: Endpoint, who: Who, rel: Option<Rel>) -> Expect {
        self.serial += 1;
        let org = rel.map(Rel::org).unwrap_or_default();
        let target = rel.map(|r| self.targets[&r]);
        match endpoint {
            Push | Edit => {
                let device_id = self.sessions.get(&who).map_or(device(77), |s| s.device_id);
                let seq = self.next_seq.entry(device_id).or_insert(0);
                *seq += 1;
                let change = if endpoint == Push {
                    let mut e: Entry = sample_entry(1000 + self.serial);
                    e.org_id = org;
                    create(*seq, e)
                } else {
                    let mut entry = self.seeded[&rel.unwrap()].clone();
                    entry.note = format!("改过 {}", self.serial);
                    Change {
                        seq: *seq,
                        op: ChangeOp::Update {
                            entry,
                            fields: vec![EntryField::Note],
                            base_version: None,
                        },
                    }
                };
                let req = PushRequest {
                    device_id,
                    changes: vec![change],
                };
                let reply = self
                    .send(who, Method::POST, PUSH_PATH, Some(json!(req)))
                    .await;
                if reply.status != 200 {
                    *self.next_seq.get_mut(&device_id).unwrap() -= 1;
                    return Status(reply.status.as_u16());
                }
                let res: PushResponse = serde_json::from_slice(&reply.body).unwrap();
                match &res.receipts[0].outcome {
                    Outcome::Applied { .. } => Applied,
                    Outcome::Rejected {
                        reason: RejectReason::NotPermitted { denied },
                    } => Refused(*denied),
                    other => panic!("unexpected outcome {other:?}"),
                }
            }
            ListEntries | ListSensitive => {
                let reply = self.get(who, &format!("{ENTRIES_PATH}?limit=1000")).await;
                if reply.status != 200 {
                    return Status(reply.status.as_u16());
                }
                let page: EntryPage = serde_json::from_slice(&reply.body).unwrap();
                let wanted = title(rel.unwrap(), endpoint == ListSensitive);
                shown(page.entries.iter().any(|e| e.entry.title == wanted))
            }
            ListOrgs => {
                let reply = self.get(who, ORGS_PATH).await;
                if reply.status != 200 {
                    return Status(reply.status.as_u16());
                }
                let ids: Vec<Uuid> = reply
                    .json()
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|o| o["id"].as_str().unwrap().parse().unwrap())
                    .collect();
                shown(ids.contains(&org))
            }
            Me => status(self.get(who, ME_PATH).await),
            Catalogue => status(self.get(who, CATALOGUE_PATH).await),
            ListUsers => status(self.get(who, USERS_PATH).await),
            ListDevices => status(self.get(who, DEVICES_PATH).await),
            Audit => status(self.get(who, AUDIT_PATH).await),
            CreateOrg => {
                let kind = if rel == Some(Rel::Parent) {
                    "village"
                } else {
                    "women_group"
                };
                let body = json!({"name": format!("新组织{}", self.serial), "kind": kind, "parent_id": org});
                status(self.send(who, Method::POST, ORGS_PATH, Some(body)).await)
            }
            UpdateOrg => {
                let uri = format!("{ORGS_PATH}/{org}");
                status(
                    self.send(who, Method::PATCH, &uri, Some(json!({"pilot": true})))
                        .await,
                )
            }
            CreateUser => {
                let body = json!({
                    "username": format!("new{}", self.serial),
                    "display_name": "新账号",
                    "role": "cadre",
                    "org_id": org,
                });
                status(self.send(who, Method::POST, USERS_PATH, Some(body)).await)
            }
            ResetPassword => {
                let (user, _) = target.unwrap();
                let uri = format!("{USERS_PATH}/{user}/reset-password");
                status(self.send(who, Method::POST, &uri, None).await)
            }
            RevokeDevice | RestoreDevice => {
                let (_, phone) = target.unwrap();
                let verb = if endpoint == RevokeDevice {
                    "revoke"
                } else {
                    "restore"
                };
                let uri = format!("{DEVICES_PATH}/{phone}/{verb}");
                status(self.send(who, Method::POST, &uri, None).await)
            }
        }
    }
}

fn title(rel: Rel, sensitive: bool) -> String {
    format!("{rel:?}{}", if sensitive { " 排查" } else { "" })
}

fn shown(yes: bool) -> Expect {
    if yes {
        Shown
    } else {
        Hidden
    }
}

fn status(reply: Reply) -> Expect {
    Status(reply.status.as_u16())
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
    assert!(cells > 150, "{cells}");

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
        assert!(
            actions.iter().all(
                |a| ["auth.login", "entry.create", "entry.update", "entry.denied"].contains(a)
            ),
            "{who:?}: {actions:?}"
        );
    }
}
