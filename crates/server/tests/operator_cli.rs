//! `scim-sync-server project create|list` on the database the tests run on: the data
//! directory's SQLite, or the PostgreSQL database `--database-url` names.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::process::Command;

fn project(args: &[&str], data_dir: &std::path::Path, database_url: Option<&str>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_scim-sync-server"));
    command
        .arg("project")
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("SSD_DATABASE_URL");
    if let Some(url) = database_url {
        command.args(["--database-url", url]);
    }
    let output = command.output().expect("the server binary runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[tokio::test]
async fn a_project_created_on_the_command_line_is_listed_by_it() {
    let data_dir = tempfile::tempdir().unwrap();
    let url = support::fresh_database().await;

    let created = project(
        &["create", "--name", "Docs EU", "--seat-limit", "50"],
        data_dir.path(),
        url.as_deref(),
    );
    let listed = project(&["list"], data_dir.path(), url.as_deref());

    assert!(created.contains("\"Docs EU\" (50 seats)"), "{created}");
    assert!(created.contains("Admin token"), "{created}");
    let row = listed
        .lines()
        .find(|l| l.contains("Docs EU"))
        .unwrap_or_else(|| panic!("{listed}"));
    assert!(row.contains("50"), "{row}");
    assert_eq!(
        data_dir
            .path()
            .join(scim_sync_server::store::DATABASE_FILE)
            .exists(),
        url.is_none(),
        "SQLite only when no database URL is given"
    );
}
