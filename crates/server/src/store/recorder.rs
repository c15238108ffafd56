//! Group commit for sync events: concurrent SCIM requests hand their events to one recorder
//! task, which writes whatever has queued up in a single transaction and then answers each
//! request. A request still waits until its event is stored; under load, many events share a
//! commit instead of queueing one transaction each on the single writer.

use tokio::sync::{mpsc, oneshot};

use super::events::{NewEvent, Recorded};
use super::{Db, StoreError};

/// Events one transaction takes at most.
const MAX_BATCH: usize = 256;

type Reply = oneshot::Sender<Result<Recorded, String>>;

/// The handle requests record through; cheap to clone.
#[derive(Debug, Clone)]
pub struct Recorder {
    sender: mpsc::Sender<(NewEvent, Reply)>,
}

impl Recorder {
    /// Starts the recorder task for `db`.
    pub fn start(db: Db, idle_gap_ms: i64) -> Recorder {
        let (sender, mut receiver) = mpsc::channel::<(NewEvent, Reply)>(4 * MAX_BATCH);
        tokio::spawn(async move {
            let mut batch = Vec::with_capacity(MAX_BATCH);
            while receiver.recv_many(&mut batch, MAX_BATCH).await > 0 {
                let (events, replies): (Vec<NewEvent>, Vec<Reply>) = batch.drain(..).unzip();
                match crate::rules::runs::record_all(&db, &events, idle_gap_ms).await {
                    Ok(recorded) => {
                        for (reply, recorded) in replies.into_iter().zip(recorded) {
                            let _ = reply.send(Ok(recorded));
                        }
                    }
                    Err(error) => {
                        for reply in replies {
                            let _ = reply.send(Err(error.to_string()));
                        }
                    }
                }
            }
        });
        Recorder { sender }
    }

    /// Stores an event; returns once it is committed.
    pub async fn record(&self, event: NewEvent) -> Result<Recorded, StoreError> {
        let (reply, answer) = oneshot::channel();
        let gone = || StoreError::Database(sqlx::Error::PoolClosed);
        self.sender.send((event, reply)).await.map_err(|_| gone())?;
        answer
            .await
            .map_err(|_| gone())?
            .map_err(|e| StoreError::Database(sqlx::Error::Protocol(e)))
    }
}
