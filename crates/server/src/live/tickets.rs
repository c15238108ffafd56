//! The stream's tickets: an `EventSource` cannot send the admin token, so the dashboard
//! trades it (`POST /stream/ticket`) for a ticket that opens its project's stream once,
//! within [`TICKET_TTL`], on any server sharing the database. A ticket is a random secret
//! like a session's; only its hash is stored (`store::stream`), and expired ones are pruned
//! with the sessions.

use std::time::Duration;

use crate::domain::project::ProjectId;
use crate::domain::secret::{Token, TokenHash};
use crate::store::{self, Db, StoreError};

/// How long a ticket stays valid.
pub const TICKET_TTL: Duration = Duration::from_secs(60);

/// Why no ticket could be issued.
#[derive(Debug, thiserror::Error)]
pub enum TicketError {
    /// The OS could not supply randomness.
    #[error("cannot generate a ticket: {0}")]
    Random(#[from] getrandom::Error),
    /// It could not be stored.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Issues a single-use ticket for `project`'s stream.
pub async fn issue(db: &Db, project: ProjectId) -> Result<String, TicketError> {
    let ticket = Token::random("stream")?;
    let ttl_ms = i64::try_from(TICKET_TTL.as_millis()).unwrap_or(i64::MAX);
    store::stream::issue_ticket(
        db,
        &ticket.hash(),
        project,
        store::now_ms().saturating_add(ttl_ms),
    )
    .await?;
    Ok(ticket.expose().to_owned())
}

/// Spends a ticket: its project, once, within its lifetime; `None` for one spent, expired or
/// never issued.
pub async fn redeem(db: &Db, ticket: &str) -> Result<Option<ProjectId>, StoreError> {
    store::stream::redeem_ticket(db, &TokenHash::of(ticket), store::now_ms()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_ticket_opens_its_projects_stream_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).await.unwrap();
        let project = store::projects::create(&db, "tickets", 1).await.unwrap();
        let ticket = issue(&db, project).await.unwrap();
        assert_eq!(redeem(&db, &ticket).await.unwrap(), Some(project));
        assert_eq!(redeem(&db, &ticket).await.unwrap(), None);
        assert_eq!(redeem(&db, "made-up").await.unwrap(), None);
    }
}
