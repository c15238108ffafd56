//! The real server binary as a child process on a loopback port, for tests of what happens to
//! the process itself (signals, a closed stdout, being killed).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::Duration;

use tokio::sync::oneshot;

use super::{ADMIN_TOKEN, SCIM_TOKEN};

/// Only a guard against a hang: the server prints its URL long before this.
const START_GUARD: Duration = Duration::from_secs(60);

/// A running server binary; killed (SIGKILL) when dropped unless it has exited.
pub struct ServerProcess {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    child: Option<Child>,
}

impl ServerProcess {
    /// Starts the binary on a free port with the test tokens and the database in `data_dir`,
    /// and waits until it prints its URL (reading all it prints, so no print of its fails).
    pub async fn start(data_dir: &Path) -> ServerProcess {
        ServerProcess::start_with(data_dir, &[]).await
    }

    /// [`ServerProcess::start`] with these environment variables set too.
    pub async fn start_with(data_dir: &Path, env: &[(&str, &str)]) -> ServerProcess {
        prepare(data_dir).await;
        let mut child = command(data_dir)
            .envs(env.iter().copied())
            .args(["--port", "0"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (url_tx, url) = oneshot::channel::<String>();
        std::thread::spawn(move || {
            let mut url_tx = Some(url_tx);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("SCIM Sync Dashboard: ")
                    && let Some(tx) = url_tx.take()
                {
                    let _ = tx.send(url.trim_end_matches('/').to_owned());
                }
            }
        });
        let mut server = ServerProcess {
            base: String::new(),
            child: Some(child),
        };
        server.base = tokio::time::timeout(START_GUARD, url)
            .await
            .expect("the server started before the guard")
            .expect("the server prints its URL");
        server
    }

    /// A server already spawned (by [`command`]) that serves at `base`.
    pub fn adopt(child: Child, base: String) -> ServerProcess {
        ServerProcess {
            base,
            child: Some(child),
        }
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// Whether it is still running.
    pub fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|child| matches!(child.try_wait(), Ok(None)))
    }

    /// Sends `signal` (`KILL`, `TERM`) and waits for the process to exit.
    pub async fn signal_and_wait(mut self, signal: &str) -> ExitStatus {
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -{signal} failed");
        let mut child = self.child.take().expect("a running server");
        tokio::time::timeout(
            START_GUARD,
            tokio::task::spawn_blocking(move || child.wait()),
        )
        .await
        .expect("the server exited before the guard")
        .expect("the wait ran")
        .expect("the server's exit status")
    }
}

/// `POST /scim/v2/Users` to the server at `base`, as Okta sends it; an error when no answer
/// came (the server was gone, or died with the request).
pub async fn post_user(
    client: &reqwest::Client,
    base: &str,
    user_name: &str,
    is_team_account: bool,
) -> reqwest::Result<reqwest::Response> {
    client
        .post(format!("{base}/scim/v2/Users"))
        .bearer_auth(SCIM_TOKEN)
        .header("content-type", "application/scim+json")
        .body(super::okta_user(user_name, is_team_account).to_string())
        .send()
        .await
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The file in a data directory naming the PostgreSQL database its servers store in, when the
/// tests run on PostgreSQL: every server started on the directory then finds the same data.
const DATABASE_URL_FILE: &str = "database-url";

/// Makes `data_dir` ready for a server ([`command`], [`super::spawn_app_in`]): when the tests
/// run on PostgreSQL, gives it a fresh database, unless it has one.
pub async fn prepare(data_dir: &Path) {
    if database_url(data_dir).is_none()
        && let Some(url) = super::fresh_database().await
    {
        store_in(data_dir, &url);
    }
}

/// Makes `data_dir`'s servers store in the PostgreSQL database at `url`, whatever the tests'
/// backend: for a test with a cluster of its own.
pub fn store_in(data_dir: &Path, url: &str) {
    std::fs::write(data_dir.join(DATABASE_URL_FILE), url).expect("write the database URL");
}

/// The PostgreSQL database `data_dir`'s servers store in, if any ([`prepare`]).
pub fn database_url(data_dir: &Path) -> Option<String> {
    std::fs::read_to_string(data_dir.join(DATABASE_URL_FILE)).ok()
}

/// `serve` with the test tokens, no dashboard files, a quiet log and the database of
/// `data_dir` (SQLite in it, or the PostgreSQL database it names: see [`prepare`]).
pub fn command(data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_scim-sync-server"));
    command
        .args(["--dist-dir", "/nonexistent", "--data-dir"])
        .arg(data_dir)
        .env("SSD_INITIAL_SCIM_TOKEN", SCIM_TOKEN)
        .env("SSD_INITIAL_ADMIN_TOKEN", ADMIN_TOKEN)
        .env("RUST_LOG", "warn");
    match database_url(data_dir) {
        Some(url) => command.env("SSD_DATABASE_URL", url),
        None => command.env_remove("SSD_DATABASE_URL"),
    };
    command
}
