//! Shutdown has begun: the server stops accepting connections and waits for the requests in
//! flight, so an answer that never ends by itself (the live stream) must end now, or the
//! server would wait for it forever. [`Draining`] is how such an answer hears of it.

use std::sync::Arc;

use tokio::sync::watch;

/// Whether the server is shutting down; cheap to clone, handed to handlers as an extension.
#[derive(Debug, Clone)]
pub struct Draining(Arc<watch::Sender<bool>>);

impl Default for Draining {
    fn default() -> Draining {
        Draining(Arc::new(watch::channel(false).0))
    }
}

impl Draining {
    /// Shutdown begins: every [`Draining::begun`] completes.
    pub fn begin(&self) {
        self.0.send_replace(true);
    }

    /// Completes once shutdown has begun (at once if it already has).
    pub async fn begun(&self) {
        let mut receiver = self.0.subscribe();
        // Fails only if the sender is gone, which `self` holds: then nothing will ever begin.
        if receiver.wait_for(|begun| *begun).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_waiter_hears_that_shutdown_began_also_one_that_comes_late() {
        let draining = Draining::default();
        let early = tokio::spawn({
            let draining = draining.clone();
            async move { draining.begun().await }
        });

        draining.begin();

        early.await.unwrap();
        draining.begun().await;
    }
}
