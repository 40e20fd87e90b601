//! The world the scope table runs in: the accounts, an ordinary and a
//! sensitive entry in each relation's organisation with a conflict on each,
//! and one request per cell, answered in the table's terms.

use super::common::{create, device, edit, post_request, with_token, Reply, Session, TestApp};
use super::{Endpoint, Expect, Rel, Who, RELS};
use axum::http::Method;
use serde_json::{json, Value};
use shared::access::Role;
use shared::api::{
    AUDIT_PATH, CATALOGUE_PATH, DEVICES_PATH, ENTRIES_PATH, ME_PATH, ORGS_PATH, PULL_PATH,
    PUSH_PATH, USERS_PATH,
};
use shared::entry::EntryField;
use shared::fixtures::{sample_entry, DEMO_HEWAN};
use shared::sync::protocol::{
    Change, ChangeOp, ConflictKey, EntryPage, Outcome, PullPage, PushRequest, PushResponse,
    RejectReason,
};
use shared::Entry;
use std::collections::HashMap;
use uuid::Uuid;
use Endpoint::*;
use Expect::*;
use Who::*;

/// The world the table runs in.
pub struct World {
    app: TestApp,
    pub sessions: HashMap<Who, Session>,
    /// Next change number per device.
    next_seq: HashMap<Uuid, u64>,
    /// A cadre account per relation (targets of password resets) and its phone.
    targets: HashMap<Rel, (Uuid, Uuid)>,
    /// The ordinary (false) and the sensitive (true) entry seeded in each
    /// relation's organisation.
    seeded: HashMap<(Rel, bool), Entry>,
    /// The conflict seeded on each relation's ordinary (false) and sensitive
    /// (true) entry, and the entry.
    conflicts: HashMap<(Rel, bool), (Uuid, ConflictKey)>,
    serial: u32,
}

impl World {
    pub async fn new() -> Self {
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
            conflicts: HashMap::new(),
            serial: 0,
        }
    }

    /// An ordinary and a sensitive entry in each relation's organisation,
    /// recorded by the deployment's own admin, titled after their place; then
    /// a conflict on each: two of the admin's phones change its place from
    /// the same version.
    pub async fn seed_entries(&mut self) {
        let mut seeded = Vec::new();
        for (i, (rel, sensitive)) in RELS
            .into_iter()
            .flat_map(|rel| [(rel, false), (rel, true)])
            .enumerate()
        {
            let mut e = sample_entry(500 + i as u32);
            e.org_id = rel.org();
            e.title = title(rel, sensitive);
            if sensitive {
                e.kind = "high_risk_screening".into();
                e.counts = [("times".into(), 1), ("households".into(), 3)].into();
            }
            self.seeded.insert((rel, sensitive), e.clone());
            seeded.push((rel, sensitive, e));
        }
        let changes = seeded
            .iter()
            .enumerate()
            .map(|(i, (_, _, e))| create(i as u64 + 1, e.clone()))
            .collect();
        let made = self.seed_push(device(99), changes).await;
        let n = seeded.len() as u64;
        for (phone, first_seq) in [(device(99), n + 1), (device(98), 1)] {
            let changes = seeded
                .iter()
                .zip(&made)
                .enumerate()
                .map(|(i, ((_, _, e), base))| {
                    let moved = Entry {
                        place: format!("{phone} 改的地点"),
                        ..e.clone()
                    };
                    edit(
                        first_seq + i as u64,
                        moved,
                        &[EntryField::Place],
                        Some(*base),
                    )
                })
                .collect();
            let nos = self.seed_push(phone, changes).await;
            for ((rel, sensitive, e), change_no) in seeded.iter().zip(nos) {
                let key = ConflictKey {
                    change_no,
                    field: EntryField::Place,
                };
                self.conflicts.insert((*rel, *sensitive), (e.id, key));
            }
        }
    }

    /// Pushes `changes` as the admin on `phone`; all must apply: their numbers.
    async fn seed_push(&self, phone: Uuid, changes: Vec<Change>) -> Vec<u64> {
        let reply = self
            .app
            .push(&PushRequest {
                device_id: phone,
                changes,
            })
            .await;
        let res: PushResponse = serde_json::from_slice(&reply.body).unwrap();
        res.receipts
            .iter()
            .map(|r| match r.outcome {
                Outcome::Applied { change_no } => change_no,
                ref other => panic!("seeding: {other:?}"),
            })
            .collect()
    }

    fn token(&self, who: Who) -> Option<String> {
        self.sessions.get(&who).map(|s| s.token.clone())
    }

    async fn send(&self, who: Who, method: Method, uri: &str, body: Option<Value>) -> Reply {
        let body = body.map_or_else(Vec::new, |v| serde_json::to_vec(&v).unwrap());
        let mut req = post_request(uri, body);
        *req.method_mut() = method;
        if let Some(token) = self.token(who) {
            req = with_token(req, &token);
        }
        self.app.send(req).await
    }

    pub async fn get(&self, who: Who, uri: &str) -> Reply {
        self.send(who, Method::GET, uri, None).await
    }

    /// Runs one cell; what happened, in the table's terms.
    pub async fn run(&mut self, endpoint: Endpoint, who: Who, rel: Option<Rel>) -> Expect {
        self.serial += 1;
        let org = rel.map(Rel::org).unwrap_or_default();
        let target = rel.map(|r| self.targets[&r]);
        match endpoint {
            Push | Edit | Resolve | EditSensitive | DeleteSensitive | UndoSensitive
            | ResolveSensitive | Declassify | Classify => {
                let device_id = self.sessions.get(&who).map_or(device(77), |s| s.device_id);
                let seq = self.next_seq.entry(device_id).or_insert(0);
                *seq += 1;
                let seq = *seq;
                let change = self.change(endpoint, rel, seq);
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
                    Outcome::Rejected {
                        reason: RejectReason::NotFound | RejectReason::NoSuchConflict,
                    } => Unknown,
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
            PullEntries | PullSensitive | PullConflicts | PullSensitiveConflicts => {
                let reply = self.get(who, &format!("{PULL_PATH}?limit=1000")).await;
                if reply.status != 200 {
                    return Status(reply.status.as_u16());
                }
                let page: PullPage = serde_json::from_slice(&reply.body).unwrap();
                assert!(!page.more);
                let rel = rel.unwrap();
                let sensitive = matches!(endpoint, PullSensitive | PullSensitiveConflicts);
                if matches!(endpoint, PullEntries | PullSensitive) {
                    let wanted = title(rel, sensitive);
                    shown(page.entries.iter().any(|e| e.entry.title == wanted))
                } else {
                    let (entry_id, key) = self.conflicts[&(rel, sensitive)];
                    shown(
                        page.conflicts
                            .iter()
                            .any(|c| c.key == key && c.conflict.entry_id == entry_id),
                    )
                }
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

impl World {
    /// The one change a push cell sends, numbered `seq`.
    fn change(&self, endpoint: Endpoint, rel: Option<Rel>, seq: u64) -> Change {
        let serial = self.serial;
        let seeded = |sensitive: bool| self.seeded[&(rel.unwrap(), sensitive)].clone();
        let conflict = |sensitive: bool| {
            let (entry_id, conflict) = self.conflicts[&(rel.unwrap(), sensitive)];
            Change {
                seq,
                op: ChangeOp::Resolve { entry_id, conflict },
                catalogue_version: None,
            }
        };
        let update = |entry: Entry, fields: &[EntryField]| Change {
            seq,
            op: ChangeOp::Update {
                entry,
                fields: fields.to_vec(),
                base_version: None,
            },
            catalogue_version: None,
        };
        let noted = |sensitive: bool| Entry {
            note: format!("改过 {serial}"),
            ..seeded(sensitive)
        };
        match endpoint {
            Push => {
                let mut e: Entry = sample_entry(1000 + serial);
                e.org_id = rel.map(Rel::org).unwrap_or_default();
                create(seq, e)
            }
            Edit => update(noted(false), &[EntryField::Note]),
            EditSensitive => update(noted(true), &[EntryField::Note]),
            Resolve => conflict(false),
            ResolveSensitive => conflict(true),
            DeleteSensitive | UndoSensitive => {
                let entry = Entry {
                    deleted: endpoint == DeleteSensitive,
                    ..seeded(true)
                };
                update(entry, &[EntryField::Deleted])
            }
            Declassify => {
                let entry = Entry {
                    kind: "lecture".into(),
                    counts: [("sessions".into(), 1), ("participants".into(), 30)].into(),
                    ..seeded(true)
                };
                update(entry, &[EntryField::Kind, EntryField::Counts])
            }
            Classify => {
                let entry = Entry {
                    kind: "high_risk_screening".into(),
                    counts: [("times".into(), 1), ("households".into(), 2)].into(),
                    ..seeded(false)
                };
                update(entry, &[EntryField::Kind, EntryField::Counts])
            }
            other => panic!("{other:?} sends no change"),
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
