//! Who is signed in on this phone: the session (token, expiry, `Me`) kept in
//! localStorage under `jg:session`, the sign-in and sign-out flows, and what
//! the server last said about the session or the device ([`AuthProblem`]).
//!
//! Each account keeps its own device store (`jg:u:<username>`): its own device
//! id, its own outbox. A session, even an expired one, opens the app: the
//! phone records offline and only the server decides that a session is over.

use crate::logic::sign_in::{check_typed, device_label, LoginError};
use crate::platform::api::{self, ApiError, AuthProblem};
use crate::platform::storage;
use crate::state::ledger;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use shared::access::{Principal, Role};
use shared::account::{FirstPassword, LoginRequest, Me};
use shared::org::{OrgTree, Organisation};
use uuid::Uuid;

/// localStorage key of the current session.
const SESSION_KEY: &str = "jg:session";

/// The signed-in account on this phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Normalised; names the account's device store.
    pub username: String,
    pub token: String,
    pub expires_ms: i64,
    pub me: Me,
}

impl Session {
    /// The account as the access rules see it.
    pub fn principal(&self) -> Principal {
        let u = &self.me.user;
        Principal {
            user_id: u.id,
            role: u.role,
            org_id: u.org_id,
        }
    }
}

/// Left on the sign-in screen after signing out with unsynced entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedOut {
    pub display_name: String,
    /// Entries that exist only on this phone (kept there).
    pub unsynced: usize,
}

/// The session and what the server said about it, shared by context (`Copy`).
#[derive(Debug, Clone, Copy)]
pub struct Auth {
    session: RwSignal<Option<Session>>,
    problem: RwSignal<Option<AuthProblem>>,
    /// Pending changes of the account named at a refused sign-in (the store
    /// is not open then); the signed-in view counts its own.
    refused_pending: RwSignal<u64>,
    signed_out: RwSignal<Option<SignedOut>>,
}

impl Auth {
    /// The session saved on this phone, if any.
    pub fn load() -> Self {
        let saved = storage::get_raw(SESSION_KEY).and_then(|raw| serde_json::from_str(&raw).ok());
        Self {
            session: RwSignal::new(saved),
            problem: RwSignal::new(None),
            refused_pending: RwSignal::new(0),
            signed_out: RwSignal::new(None),
        }
    }

    /// The username of the session (tracked): changes only when another
    /// account signs in.
    pub fn username(&self) -> Option<String> {
        self.session
            .with(|s| s.as_ref().map(|s| s.username.clone()))
    }

    /// The bearer token, for an API call.
    pub fn token(&self) -> Option<String> {
        self.session
            .try_with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
            .flatten()
    }

    /// The token, tracked (to act when a new one arrives).
    pub fn token_tracked(&self) -> Option<String> {
        self.session.with(|s| s.as_ref().map(|s| s.token.clone()))
    }

    /// Reads the signed-in account (tracked).
    pub fn with_me<R>(&self, f: impl FnOnce(&Me) -> R) -> Option<R> {
        self.session.with(|s| s.as_ref().map(|s| f(&s.me)))
    }

    /// The account's role and organisation; a viewer of nothing when signed out.
    pub fn principal(&self) -> Principal {
        self.session.with(|s| {
            s.as_ref().map_or(
                Principal {
                    user_id: Uuid::nil(),
                    role: Role::Viewer,
                    org_id: Uuid::nil(),
                },
                Session::principal,
            )
        })
    }

    /// Calendar years of entries a cadre's phone keeps, as the server said
    /// at sign-in (tracked; the default when signed out).
    pub fn window_years(&self) -> u8 {
        self.with_me(|me| me.phone_window_years)
            .unwrap_or(shared::account::DEFAULT_PHONE_WINDOW_YEARS)
    }

    /// [`Auth::window_years`], untracked (for the sync run).
    pub fn window_years_untracked(&self) -> u8 {
        self.session
            .try_with_untracked(|s| s.as_ref().map(|s| s.me.phone_window_years))
            .flatten()
            .unwrap_or(shared::account::DEFAULT_PHONE_WINDOW_YEARS)
    }

    /// The account's role and organisation, untracked (for the sync run).
    pub fn principal_untracked(&self) -> Principal {
        self.session
            .try_with_untracked(|s| s.as_ref().map(Session::principal))
            .flatten()
            .unwrap_or(Principal {
                user_id: Uuid::nil(),
                role: Role::Viewer,
                org_id: Uuid::nil(),
            })
    }

    /// The organisations the account may see, as a tree (tracked).
    pub fn tree(&self) -> OrgTree {
        self.with_me(|me| OrgTree::new(me.orgs.iter().cloned()))
            .unwrap_or_default()
    }

    pub fn problem(&self) -> Option<AuthProblem> {
        self.problem.get()
    }

    pub fn problem_untracked(&self) -> Option<AuthProblem> {
        self.problem.try_get_untracked().flatten()
    }

    pub fn refused_pending(&self) -> u64 {
        self.refused_pending.get()
    }

    pub fn signed_out(&self) -> Option<SignedOut> {
        self.signed_out.get()
    }

    /// Passes `result` on, noting a refusal of the session or the device, or
    /// that the server accepts both again (a restored device).
    pub fn observe<T>(&self, result: Result<T, ApiError>) -> Result<T, ApiError> {
        let now = match &result {
            Ok(_) => None,
            Err(e) => match e.auth_problem() {
                Some(p) => Some(p),
                None => return result,
            },
        };
        if self.problem_untracked() != now {
            self.problem.try_set(now);
        }
        result
    }

    /// Replaces the organisations the account may see (after the server
    /// listed them again) and keeps them for offline starts.
    pub fn set_orgs(&self, orgs: Vec<Organisation>) {
        self.change(|s| s.me.orgs = orgs);
    }

    /// Takes one organisation as the server now has it (created or changed).
    pub fn upsert_org(&self, org: Organisation) {
        self.change(|s| match s.me.orgs.iter_mut().find(|o| o.id == org.id) {
            Some(old) => *old = org,
            None => s.me.orgs.push(org),
        });
    }

    /// Takes a fresh `Me` from the server.
    pub fn set_me(&self, me: Me) {
        self.change(|s| s.me = me);
    }

    fn change(&self, f: impl FnOnce(&mut Session)) {
        self.session.try_update(|s| {
            if let Some(s) = s {
                f(s);
                save(s);
            }
        });
    }

    /// Signs in: the account's own store gives this phone's device id for
    /// it, the server checks the password and registers the device, the
    /// session is kept. On success the app shows that account. With
    /// `new_password`, a one-time password is replaced as she signs in
    /// (the server said `password_change_required`).
    pub async fn sign_in(
        &self,
        raw_username: &str,
        password: &str,
        new_password: Option<String>,
    ) -> Result<(), LoginError> {
        let username = check_typed(raw_username, password)?;
        let (device_id, pending) = ledger::device_of(&username).map_err(LoginError::Store)?;
        let req = LoginRequest {
            username: username.clone(),
            password: password.to_owned(),
            device_id,
            device_label: web_sys::window()
                .and_then(|w| w.navigator().user_agent().ok())
                .map(|ua| device_label(&ua))
                .unwrap_or_default(),
        };
        let answer = match new_password {
            Some(new_password) => {
                let req = FirstPassword {
                    login: req,
                    new_password,
                };
                api::first_password(&req).await
            }
            None => api::login(&req).await,
        };
        match answer {
            Ok(resp) => {
                let session = Session {
                    username,
                    token: resp.token,
                    expires_ms: resp.expires_ms,
                    me: resp.me,
                };
                save(&session);
                self.problem.try_set(None);
                self.signed_out.try_set(None);
                self.session.try_set(Some(session));
                Ok(())
            }
            Err(e) => {
                if e.code() == Some("device_revoked") {
                    self.refused_pending.try_set(pending);
                    self.problem.try_set(Some(AuthProblem::DeviceRevoked));
                }
                Err(LoginError::Api(e))
            }
        }
    }

    /// Signs out: the session is forgotten on the phone (and, if online, on
    /// the server). `unsynced` entries stay in the account's store.
    pub fn sign_out(&self, unsynced: usize) {
        let Some(session) = self.session.get_untracked() else {
            return;
        };
        if web_sys::window().is_some_and(|w| w.navigator().on_line()) {
            let token = session.token.clone();
            crate::platform::task::spawn(async move {
                let _ = api::logout(&token).await;
            });
        }
        storage::remove_raw(SESSION_KEY);
        self.problem.set(None);
        self.signed_out.set((unsynced > 0).then(|| SignedOut {
            display_name: session.me.user.display_name.clone(),
            unsynced,
        }));
        self.session.set(None);
    }
}

fn save(session: &Session) {
    if let Ok(raw) = serde_json::to_string(session) {
        storage::set_raw(SESSION_KEY, &raw);
    }
}
