//! A closed standard output (`scim-sync-server | head -1`, a terminal gone) loses the lines
//! printed to it, not the process: the server keeps serving, and `project list` ends cleanly.
//! A closed standard error likewise: a failing command still ends with its failure, not a
//! panic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Command;
use std::time::Duration;

use support::process::{self, ServerProcess};
use support::*;

/// Only a guard against a hang: the server answers long before this.
const GUARD: Duration = Duration::from_secs(60);

/// A pipe whose reading end is already closed: every write to it fails.
fn closed_stdout() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer
}

/// A loopback port nothing listens on right now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn the_server_keeps_serving_when_its_stdout_is_closed() {
    let data_dir = tempfile::tempdir().unwrap();
    let port = free_port();
    process::prepare(data_dir.path()).await;
    let child = process::command(data_dir.path())
        .args(["--port", &port.to_string()])
        .stdout(closed_stdout())
        .spawn()
        .unwrap();
    let mut server = ServerProcess::adopt(child, format!("http://127.0.0.1:{port}"));
    let client = reqwest::Client::new();

    let status = tokio::time::timeout(GUARD, async {
        loop {
            let answer = client
                .get(format!("{}/api/v1/status", server.base))
                .bearer_auth(ADMIN_TOKEN)
                .send()
                .await;
            match answer {
                Ok(answer) => return Some(answer.status()),
                Err(_) if server.is_running() => {
                    // Still starting: ask again shortly.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                Err(_) => return None,
            }
        }
    })
    .await
    .expect("the server answered or exited before the guard");

    assert_eq!(status.map(|s| s.as_u16()), Some(200), "the server died");
    assert!(server.signal_and_wait("TERM").await.success());
}

#[test]
fn project_list_ends_cleanly_when_its_stdout_is_closed() {
    let data_dir = tempfile::tempdir().unwrap();

    let status = Command::new(env!("CARGO_BIN_EXE_scim-sync-server"))
        .args(["project", "list", "--data-dir"])
        .arg(data_dir.path())
        .stdout(closed_stdout())
        .status()
        .unwrap();

    assert!(status.success(), "{status}");
}

#[test]
fn a_failing_project_command_exits_with_its_failure_when_its_stderr_is_closed() {
    // A data directory that is a file: the command fails and says so on stderr.
    let not_a_directory = tempfile::NamedTempFile::new().unwrap();

    let status = Command::new(env!("CARGO_BIN_EXE_scim-sync-server"))
        .args(["project", "list", "--data-dir"])
        .arg(not_a_directory.path())
        .stderr(closed_stdout())
        .status()
        .unwrap();

    // 1 is ExitCode::FAILURE; a panic would be 101.
    assert_eq!(status.code(), Some(1), "{status}");
}
