//! Group commit for sync events: concurrent SCIM requests hand their events to one recorder
//! task, which writes whatever has queued up in a single transaction and then answers each
//! request. A request still waits until its event is stored; under load, many events share a
//! commit instead of queueing one transaction each on the single writer.
//!
//! The task is supervised: if it dies (a panic while writing a batch), the batch's transaction
//! is rolled back with it, a new task takes over the same queue, and each request of the lost
//! batch hands its event in once more. A request whose event cannot be stored learns it (the
//! SCIM gate then does not acknowledge it: see `scim::gate`), and learns whether the database
//! was unreachable; the recorder itself carries on with the next batch.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::{Mutex, mpsc, oneshot};

use super::events::{NewEvent, Recorded};
use super::{Db, StoreError};

/// Events one transaction takes at most.
const MAX_BATCH: usize = 256;

/// How often a request hands its event in before it gives up: once, and once more after the
/// recorder died with it.
const ATTEMPTS: usize = 2;

type Reply = oneshot::Sender<Result<Recorded, StoreError>>;
type Queue = Arc<Mutex<mpsc::Receiver<(NewEvent, Reply)>>>;

/// The handle requests record through; cheap to clone.
#[derive(Debug, Clone)]
pub struct Recorder {
    sender: mpsc::Sender<(NewEvent, Reply)>,
}

impl Recorder {
    /// Starts the supervised recorder task for `db`.
    pub fn start(db: Db, idle_gap_ms: i64) -> Recorder {
        Recorder::supervised(move |batch: Vec<NewEvent>| {
            let db = db.clone();
            async move { crate::rules::runs::record_all(&db, &batch, idle_gap_ms).await }
        })
    }

    /// A recorder writing each batch with `write` (committed in full, or not at all), in a
    /// task that is started again whenever it dies.
    fn supervised<W, F>(write: W) -> Recorder
    where
        W: Fn(Vec<NewEvent>) -> F + Send + Sync + 'static,
        F: Future<Output = Result<Vec<Recorded>, StoreError>> + Send + 'static,
    {
        let (sender, receiver) = mpsc::channel::<(NewEvent, Reply)>(4 * MAX_BATCH);
        let queue: Queue = Arc::new(Mutex::new(receiver));
        let write = Arc::new(write);
        tokio::spawn(async move {
            loop {
                match tokio::spawn(drain(queue.clone(), write.clone())).await {
                    // Every handle is gone: nothing more will come.
                    Ok(()) => break,
                    Err(death) if death.is_panic() => {
                        tracing::error!("the event recorder died; a new one takes over its queue");
                    }
                    // Cancelled: the runtime is stopping.
                    Err(_) => break,
                }
            }
        });
        Recorder { sender }
    }

    /// Stores an event; returns once it is committed.
    pub async fn record(&self, event: &NewEvent) -> Result<Recorded, StoreError> {
        let gone = || StoreError::Database(sqlx::Error::PoolClosed);
        for _ in 0..ATTEMPTS {
            let (reply, answer) = oneshot::channel();
            self.sender
                .send((event.clone(), reply))
                .await
                .map_err(|_| gone())?;
            // No answer: the recorder died with this event's batch uncommitted (its replies
            // are only sent after the commit), so it is handed in again.
            if let Ok(written) = answer.await {
                return written;
            }
        }
        Err(gone())
    }
}

/// Writes batches from the queue until every handle is gone. The queue's lock is released
/// if this task dies, so the next one can take it.
async fn drain<W, F>(queue: Queue, write: Arc<W>)
where
    W: Fn(Vec<NewEvent>) -> F,
    F: Future<Output = Result<Vec<Recorded>, StoreError>>,
{
    let mut receiver = queue.lock().await;
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (events, replies): (Vec<NewEvent>, Vec<Reply>) = batch.drain(..).unzip();
        match write(events).await {
            Ok(recorded) => {
                for (reply, recorded) in replies.into_iter().zip(recorded) {
                    let _ = reply.send(Ok(recorded));
                }
            }
            Err(error) => {
                for reply in replies {
                    let _ = reply.send(Err(told(&error)));
                }
            }
        }
    }
}

/// What each request of a batch that could not be written learns: a database that cannot be
/// reached as such (its answer is then a 503 to retry), any other failure by its text.
fn told(error: &StoreError) -> StoreError {
    match error {
        StoreError::Unavailable(cause) => StoreError::Unavailable(cause.clone()),
        other => StoreError::Database(sqlx::Error::Protocol(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::store::projects;

    fn event(project: crate::domain::project::ProjectId, n: usize) -> NewEvent {
        NewEvent {
            request_id: format!("request-{n}"),
            occurred_at: 1_000,
            project,
            connection: "default".into(),
            idp: "okta".into(),
            method: "POST".into(),
            path: "/scim/v2/Users".into(),
            status: 201,
            ..NewEvent::default()
        }
    }

    #[tokio::test]
    async fn a_recorder_that_dies_is_replaced_and_the_events_it_held_are_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).await.unwrap();
        let project = projects::create(&db, "p", 5).await.unwrap();
        let batches = Arc::new(AtomicUsize::new(0));
        let recorder = {
            let (db, batches) = (db.clone(), batches.clone());
            Recorder::supervised(move |batch: Vec<NewEvent>| {
                let db = db.clone();
                let nth = batches.fetch_add(1, Ordering::SeqCst);
                async move {
                    assert_ne!(nth, 0, "the first batch kills the recorder");
                    crate::rules::runs::record_all(&db, &batch, 60_000).await
                }
            })
        };

        let first = recorder.record(&event(project, 1)).await.unwrap();
        let second = recorder.record(&event(project, 2)).await.unwrap();

        assert_eq!(batches.load(Ordering::SeqCst), 3);
        assert_ne!(first.id, second.id);
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sync_events")
            .fetch_one(db.sqlite().unwrap().pool())
            .await
            .unwrap();
        assert_eq!(stored, 2, "each event once: the dead batch was rolled back");
    }

    #[tokio::test]
    async fn an_event_that_keeps_killing_the_recorder_is_reported_as_not_stored() {
        let recorder = Recorder::supervised(|_batch: Vec<NewEvent>| async {
            panic!("this batch cannot be written")
        });

        let recorded = recorder.record(&NewEvent::default()).await;

        assert!(recorded.is_err());
    }

    #[tokio::test]
    async fn every_event_of_a_batch_the_unreachable_database_refused_learns_it_was_unreachable() {
        let recorder = Recorder::supervised(|_batch: Vec<NewEvent>| async {
            Err(StoreError::from(sqlx::Error::PoolTimedOut))
        });

        let event = NewEvent::default();
        let (first, second) = tokio::join!(recorder.record(&event), recorder.record(&event));

        for recorded in [first, second] {
            assert!(recorded.is_err_and(|e| e.is_unavailable()));
        }
    }
}
