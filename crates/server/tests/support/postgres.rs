//! A throwaway PostgreSQL cluster for the tests, from Debian's `postgresql` package (installed by
//! `scripts/bootstrap.sh --test`).
//!
//! One cluster per test process, started on first use in a temporary directory and reachable
//! only through a unix socket in that directory (no TCP port, so nothing to race for and nothing
//! on the network); each test gets a database of its own from [`database`].
//!
//! Nothing is left running, however the test process ends: the cluster is owned by a small
//! supervisor shell, in a process group of its own, that reads its stdin until end of file. The
//! test process holds the only write end of that pipe, and the kernel closes it when the process
//! exits — normally, by a panic, or by SIGKILL — so the supervisor then stops the cluster
//! (`pg_ctl stop -m fast`) and removes the directory — also when the process dies while the
//! cluster is still starting. Rust runs no destructors for statics; this does not need them.
//!
//! A test of the database going away mid-operation starts a cluster of its own
//! ([`Cluster::start`]) and stops and starts its server ([`Cluster::stop_server`],
//! [`Cluster::start_server`]) on the same data directory; the supervisor's stop at the end
//! stops a server started again that way too, as `pg_ctl` finds it by that directory.
//!
//! `initdb` and `pg_ctl` refuse to run as root: as root, they run as the `postgres` user.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// The user the cluster's superuser role is called.
const SUPERUSER: &str = "ssd";

/// Starts the cluster, waits until it accepts connections, says so, then waits for the end of
/// its stdin and stops it. `$1` is the directory, `$2` the PostgreSQL binaries, `$3` the
/// server's options ([`server_options`]).
const SUPERVISOR: &str = r#"
set -eu
# The test process may be gone before it reads "ready": carry on to the stop all the same.
trap '' PIPE
dir=$1 bin=$2 options=$3
"$bin/initdb" -D "$dir/data" -A trust -U ssd --no-sync >"$dir/initdb.log" 2>&1
"$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s -o "$options" start
echo ready 2>/dev/null || true
cat >/dev/null || true
"$bin/pg_ctl" -D "$dir/data" -m fast -w -s stop || true
rm -rf "$dir"
"#;

/// A running cluster; stops when [`Cluster::stop`] is called or the test process exits.
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    supervisor: Child,
    // Held, never written: its end of file is the supervisor's signal to stop the cluster.
    keep_alive: Option<ChildStdin>,
}

impl Cluster {
    /// Starts a new cluster in a fresh temporary directory and waits until it is ready.
    pub fn start() -> Cluster {
        let bin = binaries();
        let dir = tempfile::Builder::new()
            .prefix("ssd-pg-")
            .tempdir()
            .expect("a temporary directory")
            .keep();
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(SUPERVISOR)
            .arg("supervisor")
            .arg(&dir)
            .arg(&bin)
            .arg(server_options(&dir))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .current_dir(&dir)
            // Its own process group: a signal to the test's group (Ctrl-C, own-group.sh) does
            // not kill the supervisor before it has stopped the cluster.
            .process_group(0);
        if is_root() {
            let (uid, gid) = postgres_user();
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).expect("chown the cluster dir");
        }
        as_cluster_owner(&mut command);
        let mut supervisor = command.spawn().expect("start the cluster supervisor");
        let keep_alive = supervisor.stdin.take();
        let mut said = String::new();
        BufReader::new(supervisor.stdout.take().expect("supervisor stdout"))
            .read_line(&mut said)
            .expect("read the supervisor");
        assert_eq!(
            said.trim(),
            "ready",
            "the test cluster did not start; see {}",
            dir.join("initdb.log").display()
        );
        Cluster {
            dir,
            bin,
            supervisor,
            keep_alive,
        }
    }

    /// Stops the cluster's server (`pg_ctl stop -m fast`: its sessions are ended at once, as in
    /// an outage), keeping its data directory for [`Cluster::start_server`].
    pub fn stop_server(&self) {
        self.pg_ctl(&["-m", "fast", "stop"]);
    }

    /// Starts the cluster's server again on its data directory, and waits until it accepts
    /// connections.
    pub fn start_server(&self) {
        let log = self.dir.join("server.log");
        let log = log.to_str().expect("a UTF-8 path");
        self.pg_ctl(&["-l", log, "-o", &server_options(&self.dir), "start"]);
    }

    /// Runs `pg_ctl -D DATA -w -s ARGS` as the cluster's owner and waits for it.
    fn pg_ctl(&self, args: &[&str]) {
        let mut command = Command::new(self.bin.join("pg_ctl"));
        command
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-w", "-s"])
            .args(args)
            .current_dir(&self.dir)
            // The server it starts holds none of the test's pipes, and is in no group of ours.
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .process_group(0);
        as_cluster_owner(&mut command);
        let status = command.status().expect("run pg_ctl");
        assert!(status.success(), "pg_ctl {args:?}: {status}");
    }

    /// The directory holding the cluster and its socket.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The URL of database `name` in this cluster.
    pub fn url(&self, name: &str) -> String {
        format!(
            "postgres://{SUPERUSER}@localhost/{name}?host={}",
            self.dir.display()
        )
    }

    /// Creates a new, empty database and answers its URL.
    pub async fn create_database(&self) -> String {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!("test_{}", NEXT.fetch_add(1, Ordering::Relaxed));
        let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&self.url("postgres"))
            .await
            .expect("connect to the test cluster");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("create a test database");
        sqlx::Connection::close(admin).await.expect("disconnect");
        self.url(&name)
    }

    /// Stops the cluster and removes its directory, as the end of the test process would.
    pub fn stop(mut self) {
        drop(self.keep_alive.take());
        let status = self.supervisor.wait().expect("wait for the supervisor");
        assert!(status.success(), "the cluster supervisor failed: {status}");
    }
}

/// The test process's cluster, started on first use.
pub fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(Cluster::start)
}

/// A new, empty database in the test process's cluster: its URL.
pub async fn database() -> String {
    cluster().create_database().await
}

/// The server's options: its socket in `dir` and no TCP, no durability (a test's data does not
/// outlive it), room for many test servers' pools.
fn server_options(dir: &Path) -> String {
    format!(
        "-k {} -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
        dir.display()
    )
}

/// As root, `command` runs as the `postgres` user: PostgreSQL's tools refuse root.
fn as_cluster_owner(command: &mut Command) {
    if is_root() {
        let (uid, gid) = postgres_user();
        command.uid(uid).gid(gid);
    }
}

/// The directory of Debian's PostgreSQL binaries (the newest installed major version).
fn binaries() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (scripts/bootstrap.sh --test)")
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let major = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((major, bin))
        })
        .collect();
    found.sort();
    found
        .pop()
        .map(|(_, bin)| bin)
        .expect("an initdb under /usr/lib/postgresql/*/bin (scripts/bootstrap.sh --test)")
}

fn is_root() -> bool {
    id(&["-u"]) == 0
}

/// The `postgres` user's uid and gid, which Debian's package creates.
fn postgres_user() -> (u32, u32) {
    (id(&["-u", "postgres"]), id(&["-g", "postgres"]))
}

fn id(args: &[&str]) -> u32 {
    let output = Command::new("id").args(args).output().expect("run id");
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("a numeric id")
}
