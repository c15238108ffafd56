//! A real server on a loopback port with its own database, for tests that talk HTTP to it.
//!
//! The database is SQLite under the server's data directory, or, when the environment says
//! `SSD_TEST_BACKEND=postgres`, a fresh PostgreSQL database in the test process's cluster
//! ([`postgres`]): `make test-rust` runs the suite once each way.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod postgres;
pub mod receiver;

use reqwest::{Client, RequestBuilder, Response};
use scim_sync_server::config::Config;
use scim_sync_server::startup;
use serde_json::Value;
use tempfile::TempDir;
use tokio::sync::oneshot;

pub mod process;

pub const SCIM_TOKEN: &str = "test-scim-token";
pub const ADMIN_TOKEN: &str = "test-admin-token";
pub const OPERATOR_TOKEN: &str = "test-operator-token";
pub const OKTA_USER_AGENT: &str = "Okta SCIM Client 1.0.0";
pub const PLATFORM_USER_SCHEMA: &str = scim_sync_core::scim::PLATFORM_USER_SCHEMA;

/// Whether test servers store in PostgreSQL (`SSD_TEST_BACKEND=postgres`) rather than SQLite
/// (unset, empty or `sqlite`).
pub fn on_postgres() -> bool {
    match std::env::var("SSD_TEST_BACKEND").as_deref() {
        Ok("postgres") => true,
        Ok("sqlite") | Ok("") | Err(_) => false,
        Ok(other) => panic!("SSD_TEST_BACKEND is sqlite or postgres, not {other:?}"),
    }
}

/// The database a new test server stores in: a fresh PostgreSQL database's URL when the tests
/// run on PostgreSQL, else `None` (SQLite under its data directory).
pub async fn fresh_database() -> Option<String> {
    if on_postgres() {
        Some(postgres::database().await)
    } else {
        None
    }
}

/// A running server; stops when dropped.
pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub data_dir: TempDir,
    /// The PostgreSQL database it stores in, if not SQLite under `data_dir`.
    pub database_url: Option<String>,
    _stop: oneshot::Sender<()>,
    server: tokio::task::JoinHandle<()>,
}

/// Starts a server with a fresh database and the given seat limit.
pub async fn spawn_app_with_seats(seat_limit: u32) -> TestApp {
    spawn_app_with(|config| config.initial_seat_limit = seat_limit).await
}

/// Starts a server with a fresh database, the test tokens, and what `configure` sets.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Config)) -> TestApp {
    spawn_app_with_routes(configure, scim_sync_server::Routes::default()).await
}

/// Starts a server on the database of `data_dir`: an earlier test server's (the PostgreSQL
/// database it names, see [`process::prepare`]), or the SQLite database the test made in it.
pub async fn spawn_app_in(data_dir: TempDir, configure: impl FnOnce(&mut Config)) -> TestApp {
    let database_url = process::database_url(data_dir.path());
    let routes = scim_sync_server::Routes::default();
    serve_routes_in(data_dir, database_url, configure, routes).await
}

/// Starts a server on SQLite under a fresh data directory, whatever `SSD_TEST_BACKEND` says:
/// for tests of moving a SQLite installation elsewhere.
pub async fn spawn_app_on_sqlite(configure: impl FnOnce(&mut Config)) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let routes = scim_sync_server::Routes::default();
    serve_routes_in(data_dir, None, configure, routes).await
}

/// Starts a server on the PostgreSQL database at `url` (a fresh data directory besides).
pub async fn spawn_app_on_database(url: &str, configure: impl FnOnce(&mut Config)) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let routes = scim_sync_server::Routes::default();
    serve_routes_in(data_dir, Some(url.to_owned()), configure, routes).await
}

/// [`spawn_app_with`], serving `routes` (the real ones and a test's own).
pub async fn spawn_app_with_routes(
    configure: impl FnOnce(&mut Config),
    routes: scim_sync_server::Routes,
) -> TestApp {
    let data_dir = tempfile::tempdir().expect("temp dir");
    process::prepare(data_dir.path()).await;
    let database_url = process::database_url(data_dir.path());
    serve_routes_in(data_dir, database_url, configure, routes).await
}

async fn serve_routes_in(
    data_dir: TempDir,
    database_url: Option<String>,
    configure: impl FnOnce(&mut Config),
    routes: scim_sync_server::Routes,
) -> TestApp {
    let mut config = Config::for_data_dir(data_dir.path().to_path_buf());
    config.database_url = database_url.clone();
    config.operator_token = Some(OPERATOR_TOKEN.into());
    configure(&mut config);
    config.initial_scim_token = Some(SCIM_TOKEN.into());
    config.initial_admin_token = Some(ADMIN_TOKEN.into());
    let prepared = startup::prepare(&config).await.expect("prepare");
    let listener = startup::bind(&config).await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let _ = startup::serve_routes(listener, prepared.state, &config, routes, async {
            let _ = stopped.await;
        })
        .await;
    });
    TestApp {
        base,
        client: Client::new(),
        data_dir,
        database_url,
        _stop: stop,
        server,
    }
}

/// Starts a server with a fresh database and 25 seats.
pub async fn spawn_app() -> TestApp {
    spawn_app_with_seats(25).await
}

impl TestApp {
    /// Stops the server and waits until it has: its requests finished, its jobs ended. Its
    /// data directory is kept, handed back.
    pub async fn stop(self) -> TempDir {
        let TestApp {
            data_dir,
            _stop,
            server,
            ..
        } = self;
        drop(_stop);
        server.await.expect("the server task ends");
        data_dir
    }

    /// Runs one SQL statement (no parameters, the same in both dialects) on the server's
    /// database, behind its back: for tests that must put it in a state no request can.
    pub async fn execute_sql(&self, sql: &'static str) {
        match &self.database_url {
            Some(url) => {
                let pool = sqlx::PgPool::connect(url).await.expect("connect");
                sqlx::query(sql).execute(&pool).await.expect("execute");
                pool.close().await;
            }
            None => {
                let url = format!(
                    "sqlite://{}",
                    self.data_dir
                        .path()
                        .join(scim_sync_server::store::DATABASE_FILE)
                        .display()
                );
                let pool = sqlx::SqlitePool::connect(&url).await.expect("connect");
                sqlx::query(sql).execute(&pool).await.expect("execute");
                pool.close().await;
            }
        }
    }

    /// A SCIM request as Okta sends it.
    pub fn scim(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}/scim/v2{path}", self.base))
            .bearer_auth(SCIM_TOKEN)
            .header("user-agent", OKTA_USER_AGENT)
            .header("content-type", "application/scim+json")
    }

    /// `POST /Users` with a JSON body.
    pub async fn create_user(&self, body: &Value) -> Response {
        self.scim(reqwest::Method::POST, "/Users")
            .body(body.to_string())
            .send()
            .await
            .expect("request")
    }

    /// An admin API request.
    pub fn admin(&self, path: &str) -> RequestBuilder {
        self.client
            .get(format!("{}/api/v1{path}", self.base))
            .bearer_auth(ADMIN_TOKEN)
    }

    /// Opens the live stream with a fresh ticket, sending `accept_encoding` if given.
    pub async fn open_stream(&self, accept_encoding: Option<&str>) -> Response {
        let ticket: Value = self
            .admin_send(
                reqwest::Method::POST,
                "/stream/ticket",
                &serde_json::json!({}),
            )
            .await
            .json()
            .await
            .expect("a ticket");
        let mut request = self.client.get(format!(
            "{}/api/v1/stream?ticket={}",
            self.base,
            ticket["ticket"].as_str().expect("a ticket string")
        ));
        if let Some(accept_encoding) = accept_encoding {
            request = request.header(reqwest::header::ACCEPT_ENCODING, accept_encoding);
        }
        request.send().await.expect("request")
    }

    /// An admin API request with a JSON body.
    pub async fn admin_send(&self, method: reqwest::Method, path: &str, body: &Value) -> Response {
        self.client
            .request(method, format!("{}/api/v1{path}", self.base))
            .bearer_auth(ADMIN_TOKEN)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    /// `POST /Users` as a broken attribute mapping sends it: no userName. Its status.
    pub async fn post_user_without_user_name(&self, email: &str) -> u16 {
        let mut user = okta_user(email, true);
        user.as_object_mut().unwrap().remove("userName");
        let response = self
            .scim(reqwest::Method::POST, "/Users")
            .json(&user)
            .send()
            .await
            .expect("request");
        response.status().as_u16()
    }

    /// `GET /api/v1{path}` as (status, JSON).
    pub async fn admin_get(&self, path: &str) -> (u16, Value) {
        let response = self.admin(path).send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// `PATCH` a SCIM resource with PatchOp operations.
    pub async fn scim_patch(&self, path: &str, operations: Value) -> Response {
        self.scim_send(
            reqwest::Method::PATCH,
            path,
            &serde_json::json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": operations,
            }),
        )
        .await
    }

    /// Invites a project-native identity; returns its id.
    pub async fn invite(&self, email: &str, kind: &str) -> String {
        let response = self
            .admin_send(
                reqwest::Method::POST,
                "/identities",
                &serde_json::json!({"email": email, "kind": kind}),
            )
            .await;
        assert_eq!(response.status(), 201, "invite {email}");
        let body: Value = response.json().await.expect("json");
        body["id"].as_str().expect("id").to_owned()
    }

    /// Changes settings through the admin API.
    pub async fn settings(&self, change: Value) -> Value {
        let response = self
            .admin_send(reqwest::Method::PUT, "/settings", &change)
            .await;
        assert_eq!(response.status(), 200);
        response.json().await.expect("json")
    }

    /// A SCIM request with a JSON body.
    pub async fn scim_send(&self, method: reqwest::Method, path: &str, body: &Value) -> Response {
        self.scim(method, path)
            .body(body.to_string())
            .send()
            .await
            .expect("request")
    }

    /// `POST /Groups`; returns the created group.
    pub async fn create_group(&self, name: &str, members: &[&str]) -> Value {
        let members: Vec<Value> = members
            .iter()
            .map(|m| serde_json::json!({"value": m}))
            .collect();
        let response = self
            .scim_send(
                reqwest::Method::POST,
                "/Groups",
                &serde_json::json!({
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                    "displayName": name,
                    "members": members,
                }),
            )
            .await;
        assert_eq!(response.status(), 201, "create group {name}");
        response.json().await.expect("json")
    }

    /// `POST /Users` and the new id.
    pub async fn create_user_id(&self, user_name: &str, is_team_account: bool) -> String {
        let response = self
            .create_user(&okta_user(user_name, is_team_account))
            .await;
        assert_eq!(response.status(), 201, "create {user_name}");
        let body: Value = response.json().await.expect("json");
        body["id"].as_str().expect("id").to_owned()
    }

    /// Another project, set up as the platform and its admin would: created over the operator
    /// API, then an IdP connection with a SCIM token made by its admin.
    pub async fn second_project(&self, name: &str) -> OtherProject {
        let created: Value = self
            .client
            .post(format!("{}/api/v1/operator/projects", self.base))
            .bearer_auth(OPERATOR_TOKEN)
            .json(&serde_json::json!({"name": name, "seat_limit": 10}))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json");
        let admin = created["admin_token"]
            .as_str()
            .expect("admin token")
            .to_owned();
        let connection: Value = self
            .client
            .post(format!("{}/api/v1/connections", self.base))
            .bearer_auth(&admin)
            .json(&serde_json::json!({"name": "Okta production"}))
            .send()
            .await
            .expect("request")
            .json()
            .await
            .expect("json");
        OtherProject {
            id: created["project"]["id"].as_i64().expect("project id"),
            admin,
            scim: connection["token"].as_str().expect("token").to_owned(),
            connection_id: connection["connection_id"].as_i64().expect("connection id"),
        }
    }

    /// A request with another bearer token, to `/scim/v2{path}` or `/api/v1{path}`.
    pub fn request_as(
        &self,
        token: &str,
        method: reqwest::Method,
        url_path: &str,
    ) -> RequestBuilder {
        self.client
            .request(method, format!("{}{url_path}", self.base))
            .bearer_auth(token)
            .header("user-agent", OKTA_USER_AGENT)
            .header("content-type", "application/scim+json")
    }

    /// A request with another bearer token and an optional JSON body, as (status, JSON).
    pub async fn json_as(
        &self,
        token: &str,
        method: reqwest::Method,
        url_path: &str,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let mut request = self.request_as(token, method, url_path);
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Revokes one of the first project's SCIM tokens; answers the status.
    pub async fn revoke_token(&self, connection: i64, token: i64) -> u16 {
        self.request_as(
            ADMIN_TOKEN,
            reqwest::Method::DELETE,
            &format!("/api/v1/connections/{connection}/tokens/{token}"),
        )
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
    }

    /// `GET /api/v1/status` as JSON.
    pub async fn status(&self) -> Value {
        let response = self.admin("/status").send().await.expect("request");
        assert_eq!(response.status(), 200);
        response.json().await.expect("json")
    }
}

/// A project other than the first, with its credentials.
#[derive(Debug, Clone)]
pub struct OtherProject {
    pub id: i64,
    pub admin: String,
    pub scim: String,
    pub connection_id: i64,
}

/// A User body as Okta pushes it.
pub fn okta_user(user_name: &str, is_team_account: bool) -> Value {
    serde_json::json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", PLATFORM_USER_SCHEMA],
        "userName": user_name,
        "externalId": format!("00u{}", user_name.len()),
        "name": {"givenName": "Test", "familyName": "Person"},
        "emails": [{"primary": true, "value": user_name, "type": "work"}],
        "active": true,
        "password": "should-never-be-stored",
        PLATFORM_USER_SCHEMA: {"isTeamAccount": is_team_account}
    })
}

/// Reads a SCIM error body and checks its shape.
pub async fn scim_error(response: Response) -> Value {
    assert_eq!(
        response.headers()["content-type"],
        "application/scim+json",
        "SCIM errors are application/scim+json"
    );
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        body["schemas"][0],
        "urn:ietf:params:scim:api:messages:2.0:Error"
    );
    body
}

/// Reads the open stream `stream` until its text contains `marker`; answers all it read.
pub async fn read_until(stream: &mut Response, marker: &str) -> String {
    let mut received = String::new();
    while !received.contains(marker) {
        let chunk = stream
            .chunk()
            .await
            .expect("a chunk")
            .expect("the stream stays open");
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
    received
}
