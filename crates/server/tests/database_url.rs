//! `--database-url` / `SSD_DATABASE_URL`: a PostgreSQL database that does not answer at start
//! stops the server at once with an error naming it, its password redacted.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

/// A loopback port nothing listens on: port 1 is privileged and never a PostgreSQL here.
const UNREACHABLE: &str = "postgres://ssd:s3cret-password@127.0.0.1:1/scim";

#[test]
fn an_unreachable_postgresql_at_start_is_named_without_its_password_and_the_exit_is_non_zero() {
    let data_dir = tempfile::tempdir().unwrap();

    let output = Command::new(env!("CARGO_BIN_EXE_scim-sync-server"))
        .args(["--dist-dir", "/nonexistent", "--port", "0", "--data-dir"])
        .arg(data_dir.path())
        .env("SSD_DATABASE_URL", UNREACHABLE)
        .env("RUST_LOG", "error")
        .output()
        .expect("the server binary runs");

    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!output.status.success(), "{said}");
    assert!(
        said.contains(
            "cannot connect to the PostgreSQL database postgres://ssd:***@127.0.0.1:1/scim"
        ),
        "{said}"
    );
    assert!(!said.contains("s3cret-password"), "{said}");
    assert!(
        std::fs::read_dir(data_dir.path()).unwrap().next().is_none(),
        "nothing is written to the SQLite data directory"
    );
}
