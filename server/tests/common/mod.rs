//! Shared test helpers: a fresh database per test, the app over it, accounts
//! and signed-in sessions, and small request helpers. Each test binary uses a
//! subset.
//!
//! The database is a new SQLite file, or a new PostgreSQL schema when
//! `JINGUO_TEST_DATABASE_URL` names a server: see `test_db`.
//!
//! Accounts are written straight to the database with one argon2id hash of
//! [`PASSWORD`] made once per test binary (the real parameters; the workspace
//! compiles argon2 and blake2 optimised even in debug builds, so a hash takes
//! tens of milliseconds). Signing in always goes through the API.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Method, Request};
use axum::Router;
use server::assets::Assets;
use server::db::Db;
use server::{app, AppState};
use shared::access::Role;
use shared::account::{LoginRequest, LoginResponse, UserInfo};
use shared::api::{LOGIN_PATH, PULL_PATH, PUSH_PATH};
use shared::fixtures::{demo_orgs, DEMO_ROOT};
use shared::sync::protocol::{Change, PullPage, PushRequest, PushResponse};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use tempfile::TempDir;
use uuid::Uuid;

mod changes;
mod dated;
mod http;
#[path = "../test_db/mod.rs"]
mod test_db;
#[allow(unused_imports)] // each test binary uses a subset
pub use changes::*;
#[allow(unused_imports)]
pub use dated::*;
#[allow(unused_imports)]
pub use http::*;
pub use test_db::*;

/// Every test account's password.
pub const PASSWORD: &str = "test-password-2026";
/// The admin every [`TestApp::new`] has.
pub const ADMIN: &str = "admin";

/// A test's server: the router, its database, and the directory that holds it.
pub struct TestApp {
    pub router: Router,
    pub db: Db,
    /// The database's URL, for what opens it as the commands do.
    pub url: String,
    _dir: TempDir,
    /// The admin's session per device id, made on first use.
    sessions: Mutex<HashMap<Uuid, String>>,
    /// Make the admin's sessions in the database, not through the sign-in
    /// route: a database an older server left has an older schema for
    /// signing in than this code expects.
    direct_sessions: bool,
}

/// A signed-in account on one device.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub device_id: Uuid,
    pub user: UserInfo,
}

/// The PHC string of [`PASSWORD`], made once.
fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| server::auth::password::hash(PASSWORD).unwrap())
}

impl TestApp {
    /// The demo organisations and one admin ([`ADMIN`], at the root).
    pub async fn new() -> Self {
        Self::with_assets(Assets::empty()).await
    }

    /// [`TestApp::new`] serving `assets`.
    pub async fn with_assets(assets: Assets) -> Self {
        let app = Self::empty(assets).await;
        for org in demo_orgs() {
            server::db::orgs::insert(app.db.pool(), &org, 0)
                .await
                .unwrap();
        }
        app.add_user(ADMIN, Role::Admin, DEMO_ROOT).await;
        app
    }

    /// No organisations, no accounts.
    pub async fn empty(assets: Assets) -> Self {
        Self::open(assets, None).await
    }

    /// [`TestApp::new`] on a SQLite file whatever `JINGUO_TEST_DATABASE_URL`
    /// says, for what only SQLite has (its backups).
    pub async fn on_sqlite() -> Self {
        Self::before_migration(i64::MAX).await
    }

    /// [`TestApp::new`] over a database as an older server left it: only the
    /// first `n` migrations run (read from `migrations/sqlite/`, so with the
    /// embedded ones' checksums) and the catalogue stored; `db.migrate()`
    /// brings it up to date.
    pub async fn before_migration(n: i64) -> Self {
        let mut app = Self::open(Assets::empty(), Some(n)).await;
        app.direct_sessions = true;
        for org in demo_orgs() {
            server::db::orgs::insert(app.db.pool(), &org, 0)
                .await
                .unwrap();
        }
        app.add_user(ADMIN, Role::Admin, DEMO_ROOT).await;
        app
    }

    async fn open(assets: Assets, migrations: Option<i64>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        // Older schemas are SQLite's: PostgreSQL starts at the current one.
        let url = match migrations {
            None => test_database_url(&dir).await,
            Some(_) => sqlite_url(&dir),
        };
        let db = Db::connect(&url, 4).await.unwrap();
        if migrations.is_none() && on_postgres() {
            // On its own schema, or the tests would share their data.
            assert_eq!(db.backend(), server::db::Backend::Postgres);
            let schema: String = sqlx::query_scalar("SELECT CAST(current_schema() AS TEXT)")
                .fetch_one(db.pool())
                .await
                .unwrap();
            assert!(url.ends_with(&format!("={schema}")), "{schema}: {url}");
        }
        match migrations {
            None => db.migrate().await.unwrap(),
            Some(n) => {
                let files = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite");
                let mut old = sqlx::migrate::Migrator::new(std::path::Path::new(files))
                    .await
                    .unwrap();
                old.migrations = old
                    .migrations
                    .iter()
                    .filter(|m| m.version <= n)
                    .cloned()
                    .collect();
                old.run(db.pool()).await.unwrap();
                server::db::catalogue::seed_default(&db, 0).await.unwrap();
            }
        }
        let router = app(AppState::new(db.clone(), Arc::new(assets)));
        Self {
            router,
            db,
            url,
            _dir: dir,
            sessions: Mutex::new(HashMap::new()),
            direct_sessions: false,
        }
    }

    /// Adds an account with [`PASSWORD`] straight to the database.
    pub async fn add_user(&self, username: &str, role: Role, org_id: Uuid) -> UserInfo {
        let user = UserInfo {
            id: Uuid::now_v7(),
            username: username.to_owned(),
            display_name: format!("{username} 的名字"),
            role,
            org_id,
            disabled: false,
        };
        server::db::users::insert(self.db.pool(), &user, password_hash(), 0)
            .await
            .unwrap();
        user
    }

    /// Signs in through the API; the answer as it came.
    pub async fn try_login(&self, username: &str, password: &str, device_id: Uuid) -> Reply {
        let req = LoginRequest {
            username: username.to_owned(),
            password: password.to_owned(),
            device_id,
            device_label: format!("{username}'s phone"),
        };
        self.post_json(LOGIN_PATH, serde_json::to_vec(&req).unwrap())
            .await
    }

    /// Signs `username` in on `device_id` (with [`PASSWORD`]); must succeed.
    pub async fn login(&self, username: &str, device_id: Uuid) -> Session {
        let reply = self.try_login(username, PASSWORD, device_id).await;
        assert_eq!(reply.status, 200, "{}", reply.text());
        let res: LoginResponse = serde_json::from_slice(&reply.body).unwrap();
        Session {
            token: res.token,
            device_id,
            user: res.me.user,
        }
    }

    /// The admin's token on `device_id`, signing in on first use.
    pub async fn admin_token(&self, device_id: Uuid) -> String {
        if let Some(t) = self.sessions.lock().unwrap().get(&device_id) {
            return t.clone();
        }
        let token = if self.direct_sessions {
            self.direct_session(ADMIN, device_id).await
        } else {
            self.login(ADMIN, device_id).await.token
        };
        self.sessions
            .lock()
            .unwrap()
            .insert(device_id, token.clone());
        token
    }

    /// A session of `username` on `device_id`, written straight to the database
    /// (whose schema may be older than the server's `users` reads expect).
    async fn direct_session(&self, username: &str, device_id: Uuid) -> String {
        let id: String = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(username)
            .fetch_one(self.db.pool())
            .await
            .unwrap();
        let user_id: Uuid = id.parse().unwrap();
        let now = server::now_ms();
        server::db::devices::register(&self.db, device_id, user_id, "", now)
            .await
            .unwrap();
        let new = server::auth::token::new_token().unwrap();
        server::db::sessions::insert(
            &self.db,
            &new.hash,
            user_id,
            device_id,
            now,
            now + 3_600_000,
        )
        .await
        .unwrap();
        new.token
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        call(self.router.clone(), req).await
    }

    /// A GET without a token.
    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    /// A GET with `token`.
    pub async fn get_as(&self, token: &str, uri: &str) -> Reply {
        self.send(with_token(
            Request::get(uri).body(Body::empty()).unwrap(),
            token,
        ))
        .await
    }

    /// A GET as the admin (on a device of its own).
    pub async fn get_admin(&self, uri: &str) -> Reply {
        let token = self.admin_token(ADMIN_DEVICE).await;
        self.get_as(&token, uri).await
    }

    /// A JSON POST without a token.
    pub async fn post_json(&self, uri: &str, body: impl Into<Body>) -> Reply {
        self.send(post_request(uri, body)).await
    }

    /// A JSON request with `token`.
    pub async fn send_json_as(
        &self,
        token: &str,
        method: Method,
        uri: &str,
        body: impl Into<Body>,
    ) -> Reply {
        let mut req = post_request(uri, body);
        *req.method_mut() = method;
        self.send(with_token(req, token)).await
    }

    /// A JSON POST with `token`.
    pub async fn post_json_as(&self, token: &str, uri: &str, body: impl Into<Body>) -> Reply {
        self.send_json_as(token, Method::POST, uri, body).await
    }

    /// Pushes `req` as the admin signed in on `req.device_id`.
    pub async fn push(&self, req: &PushRequest) -> Reply {
        let token = self.admin_token(req.device_id).await;
        self.push_as(&token, req).await
    }

    /// Pushes `req` with `token`.
    pub async fn push_as(&self, token: &str, req: &PushRequest) -> Reply {
        self.post_json_as(token, PUSH_PATH, serde_json::to_vec(req).unwrap())
            .await
    }

    /// Pushes `changes` as `who`'s phone; must be answered 200.
    pub async fn push_changes(&self, who: &Session, changes: Vec<Change>) -> PushResponse {
        let req = PushRequest {
            device_id: who.device_id,
            changes,
        };
        let reply = self.push_as(&who.token, &req).await;
        assert_eq!(reply.status, 200, "{}", reply.text());
        serde_json::from_slice(&reply.body).unwrap()
    }

    /// `who`'s phone pulls the page after `after`; must be answered 200.
    pub async fn pull(&self, who: &Session, after: u64, limit: u32) -> PullPage {
        let uri = format!("{PULL_PATH}?after={after}&limit={limit}");
        let reply = self.get_as(&who.token, &uri).await;
        assert_eq!(reply.status, 200, "{}", reply.text());
        serde_json::from_slice(&reply.body).unwrap()
    }

    /// Row counts of (entries, changes, devices that pushed). Devices that only
    /// signed in are not counted: signing in registers a device row.
    pub async fn counts(&self) -> (i64, i64, i64) {
        let mut out = [0i64; 3];
        let queries = [
            "SELECT COUNT(*) FROM entries",
            "SELECT COUNT(*) FROM changes",
            "SELECT COUNT(*) FROM devices WHERE last_sync_ms IS NOT NULL",
        ];
        for (i, sql) in queries.iter().enumerate() {
            out[i] = sqlx::query_scalar(sql)
                .fetch_one(self.db.pool())
                .await
                .unwrap();
        }
        (out[0], out[1], out[2])
    }
}

/// The device the admin reads from in [`TestApp::get_admin`].
pub const ADMIN_DEVICE: Uuid = Uuid::from_u128(0xad);
