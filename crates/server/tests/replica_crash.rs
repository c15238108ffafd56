//! SIGKILL of one of two server processes on one database, under concurrent SCIM creates sent
//! to both, loses no acknowledged write: every userName that either answered 201 exists (read
//! through the survivor), and every userName that exists was acknowledged or was in flight to
//! the killed process when it died. On PostgreSQL (`SSD_TEST_BACKEND=postgres`) two replicas;
//! on SQLite two processes on one file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use reqwest::Client;
use serde_json::Value;
use support::process::{self, ServerProcess};
use support::*;
use tokio::sync::watch;

/// Clients sending creates at once, each one at a time.
const WRITERS: usize = 8;
/// Creates acknowledged (by either server) before the first server is killed.
const BEFORE_KILL: usize = 200;
/// Creates the survivor acknowledges after the kill before the writers stop.
const AFTER_KILL: usize = 200;

/// Which server a create went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Killed,
    Survivor,
}

/// What the writers saw.
#[derive(Debug, Default)]
struct Ledger {
    /// Answered 201.
    acknowledged: BTreeSet<String>,
    /// Sent to the killed server and never answered: each may or may not have been applied.
    in_flight_to_killed: BTreeSet<String>,
    /// Sent to the killed server once it was gone (no connection): none may have been applied.
    refused_by_killed: BTreeSet<String>,
    /// Anything else (a refusal, or the survivor not answering): none is expected.
    unexpected: Vec<String>,
    /// 201s from the killed server.
    acknowledged_by_killed: usize,
}

/// The shared state of one run of the writers.
struct Load {
    client: Client,
    killed_base: String,
    survivor_base: String,
    /// Set once the killed server has exited: from then on every create goes to the survivor.
    killed: AtomicBool,
    stop: AtomicBool,
    ledger: Mutex<Ledger>,
    /// Creates acknowledged so far, and after the kill.
    acknowledged: watch::Sender<(usize, usize)>,
}

impl Load {
    /// Sends creates, alternating between the servers until the first one fails it (it is
    /// killed meanwhile, without warning), until told to stop.
    async fn write(self: Arc<Load>, writer: usize) {
        let mut failed_by_killed = false;
        for n in 0.. {
            if self.stop.load(Ordering::SeqCst) {
                return;
            }
            let user_name = format!("w{writer}-{n}@example.com");
            let killed = self.killed.load(Ordering::SeqCst);
            let target = if !killed && !failed_by_killed && (writer + n).is_multiple_of(2) {
                Target::Killed
            } else {
                Target::Survivor
            };
            let base = match target {
                Target::Killed => &self.killed_base,
                Target::Survivor => &self.survivor_base,
            };
            let answer = process::post_user(&self.client, base, &user_name, false)
                .await
                .map(|response| response.status().as_u16());
            failed_by_killed |= target == Target::Killed && answer.is_err();
            let mut ledger = self.ledger.lock().unwrap();
            match (answer, target) {
                (Ok(201), _) => {
                    ledger.acknowledged.insert(user_name);
                    if target == Target::Killed {
                        ledger.acknowledged_by_killed += 1;
                    }
                    self.acknowledged.send_modify(|(all, after)| {
                        *all += 1;
                        *after += usize::from(killed);
                    });
                }
                // Never sent: the server was gone before the connection was made.
                (Err(error), Target::Killed) if error.is_connect() => {
                    ledger.refused_by_killed.insert(user_name);
                }
                (Err(_), Target::Killed) => {
                    ledger.in_flight_to_killed.insert(user_name);
                }
                (answer, target) => ledger
                    .unexpected
                    .push(format!("{user_name} to {target:?}: {answer:?}")),
            }
        }
    }
}

/// Every userName the server at `base` lists, page by page.
async fn every_user_name(base: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut start_index = 1;
    loop {
        let page: Value = Client::new()
            .get(format!(
                "{base}/scim/v2/Users?startIndex={start_index}&count=100"
            ))
            .bearer_auth(SCIM_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let resources = page["Resources"].as_array().cloned().unwrap_or_default();
        if resources.is_empty() {
            return names;
        }
        start_index += resources.len();
        for user in resources {
            names.insert(user["userName"].as_str().unwrap().to_owned());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_under_concurrent_creates_loses_none_its_peer_or_it_acknowledged() {
    let data_dir = tempfile::tempdir().unwrap();
    // One after the other: the first creates the project and the tokens both then accept.
    let killed = ServerProcess::start(data_dir.path()).await;
    let survivor = ServerProcess::start(data_dir.path()).await;
    let (acknowledged, mut progress) = watch::channel((0, 0));
    let load = Arc::new(Load {
        client: Client::new(),
        killed_base: killed.base.clone(),
        survivor_base: survivor.base.clone(),
        killed: AtomicBool::new(false),
        stop: AtomicBool::new(false),
        ledger: Mutex::new(Ledger::default()),
        acknowledged,
    });
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| tokio::spawn(load.clone().write(writer)))
        .collect();

    progress
        .wait_for(|(all, _)| *all >= BEFORE_KILL)
        .await
        .unwrap();
    let status = killed.signal_and_wait("KILL").await;
    assert!(!status.success(), "killed: {status}");
    load.killed.store(true, Ordering::SeqCst);
    progress
        .wait_for(|(_, after)| *after >= AFTER_KILL)
        .await
        .unwrap();
    load.stop.store(true, Ordering::SeqCst);
    for writer in writers {
        writer.await.unwrap();
    }

    let ledger = std::mem::take(&mut *load.ledger.lock().unwrap());
    assert!(ledger.unexpected.is_empty(), "{:?}", ledger.unexpected);
    assert!(
        ledger.acknowledged_by_killed > 0,
        "the killed server took creates"
    );
    assert!(
        ledger.in_flight_to_killed.len() + ledger.refused_by_killed.len() <= WRITERS,
        "each writer sees the killed server fail once: {ledger:?}"
    );
    let stored = every_user_name(&survivor.base).await;
    let lost: Vec<_> = ledger.acknowledged.difference(&stored).collect();
    assert!(lost.is_empty(), "acknowledged but not stored: {lost:?}");
    let phantoms: Vec<_> = stored
        .difference(&ledger.acknowledged)
        .filter(|name| !ledger.in_flight_to_killed.contains(*name))
        .collect();
    assert!(
        phantoms.is_empty(),
        "stored but neither acknowledged nor in flight: {phantoms:?}"
    );
    eprintln!(
        "{} acknowledged ({} by the killed server), {} in flight to it when it died, {} of those stored, {} refused a connection",
        ledger.acknowledged.len(),
        ledger.acknowledged_by_killed,
        ledger.in_flight_to_killed.len(),
        ledger.in_flight_to_killed.intersection(&stored).count(),
        ledger.refused_by_killed.len(),
    );
}
