//! Projects, their IdP connections and their credentials: creating a project with its first
//! admin token, and generating, rotating and revoking SCIM tokens. Each change and its audit
//! entry commit in one transaction; a token in clear exists only in the answer that shows it
//! once.

use crate::domain::project::{ConnectionId, ProjectId};
use crate::domain::secret::{Token, TokenKind};
use crate::store::connections::{self, ConnectionError};
use crate::store::{self, Db, ProjectDb, StoreError, Tx, audit, tokens};
use scim_sync_core::audit::AdminAction;

/// A project just created, with its credentials in clear (to show once).
#[derive(Debug)]
pub struct NewProject {
    /// Its id.
    pub id: ProjectId,
    /// Its name.
    pub name: String,
    /// Its first admin token.
    pub admin_token: Token,
    /// Its first connection's name and SCIM token, if one was made with it.
    pub scim_token: Option<(String, Token)>,
}

/// Creates a project with its first admin token and, if given, a first connection with its
/// SCIM token; all or nothing.
pub async fn create_project(
    db: &Db,
    name: &str,
    seat_limit: u32,
    admin_token: Token,
    connection: Option<(&str, Token)>,
) -> Result<NewProject, CredentialError> {
    let mut tx = db.begin_write().await?;
    let created = create_project_in(&mut tx, name, seat_limit, admin_token, connection).await?;
    tx.commit().await?;
    Ok(created)
}

/// [`create_project`], unless the database has a project already (then `None`): what the
/// first start does. Servers starting at once on one database create one project between
/// them ([`store::projects::lock_in`]).
pub async fn create_first_project(
    db: &Db,
    name: &str,
    seat_limit: u32,
    admin_token: Token,
    connection: Option<(&str, Token)>,
) -> Result<Option<NewProject>, CredentialError> {
    let mut tx = db.begin_write().await?;
    store::projects::lock_in(&mut tx).await?;
    if store::projects::any_in(&mut tx).await? {
        return Ok(None);
    }
    let created = create_project_in(&mut tx, name, seat_limit, admin_token, connection).await?;
    tx.commit().await?;
    Ok(Some(created))
}

async fn create_project_in(
    tx: &mut Tx,
    name: &str,
    seat_limit: u32,
    admin_token: Token,
    connection: Option<(&str, Token)>,
) -> Result<NewProject, CredentialError> {
    let id = store::projects::create_in(tx, name, seat_limit).await?;
    tokens::insert(tx, id, TokenKind::Admin, None, "admin", &admin_token).await?;
    let scim_token = match connection {
        Some((connection_name, token)) => {
            let connection = connections::create(tx, id, connection_name).await?;
            tokens::insert(
                tx,
                id,
                TokenKind::Scim,
                Some(connection),
                "first token",
                &token,
            )
            .await?;
            Some((connection_name.to_owned(), token))
        }
        None => None,
    };
    Ok(NewProject {
        id,
        name: name.to_owned(),
        admin_token,
        scim_token,
    })
}

/// Why a credential change was refused; nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// The project has no such connection.
    #[error("no such connection")]
    UnknownConnection,
    /// The project has no such token, or it is already revoked.
    #[error("no such valid token")]
    UnknownToken,
    /// The project already has a connection of that name.
    #[error("a connection of that name exists")]
    DuplicateConnection,
    /// The OS could not supply randomness.
    #[error("cannot generate a token")]
    Random,
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<ConnectionError> for CredentialError {
    fn from(error: ConnectionError) -> CredentialError {
        match error {
            ConnectionError::Duplicate => CredentialError::DuplicateConnection,
            ConnectionError::Store(e) => CredentialError::Store(e),
        }
    }
}

impl From<sqlx::Error> for CredentialError {
    fn from(error: sqlx::Error) -> CredentialError {
        CredentialError::Store(error.into())
    }
}

/// A connection just created, with its first token in clear.
#[derive(Debug)]
pub struct NewConnection {
    /// Its id.
    pub id: ConnectionId,
    /// Its first token.
    pub token: NewToken,
}

/// A SCIM token just generated: shown once.
#[derive(Debug)]
pub struct NewToken {
    /// Its id.
    pub id: i64,
    /// The token in clear.
    pub token: Token,
}

/// Creates an IdP connection with its first SCIM token.
pub async fn create_connection(
    db: &ProjectDb,
    actor: &str,
    name: &str,
) -> Result<NewConnection, CredentialError> {
    let token = Token::generate(TokenKind::Scim).map_err(|_| CredentialError::Random)?;
    let mut tx = db.begin_write().await?;
    let id = connections::create(&mut tx, db.id(), name).await?;
    let token_id = tokens::insert(
        &mut tx,
        db.id(),
        TokenKind::Scim,
        Some(id),
        "first token",
        &token,
    )
    .await?;
    audit::record_in(
        &mut tx,
        db.id(),
        actor,
        AdminAction::ConnectionCreated,
        &format!(
            "created the IdP connection {name:?} with a SCIM token ({})",
            token.prefix().unwrap_or_default()
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(NewConnection {
        id,
        token: NewToken {
            id: token_id,
            token,
        },
    })
}

/// Generates another SCIM token for a connection. The connection's other tokens keep working
/// until revoked: rotating is generating, configuring the new one in the IdP, then revoking
/// the old.
pub async fn generate_token(
    db: &ProjectDb,
    actor: &str,
    connection: i64,
    name: &str,
) -> Result<NewToken, CredentialError> {
    let token = Token::generate(TokenKind::Scim).map_err(|_| CredentialError::Random)?;
    let mut tx = db.begin_write().await?;
    let connection_name = connections::find(&mut tx, db.id(), connection)
        .await?
        .ok_or(CredentialError::UnknownConnection)?;
    let id = tokens::insert(
        &mut tx,
        db.id(),
        TokenKind::Scim,
        Some(ConnectionId(connection)),
        name,
        &token,
    )
    .await?;
    audit::record_in(
        &mut tx,
        db.id(),
        actor,
        AdminAction::TokenGenerated,
        &format!(
            "generated the SCIM token {:?} ({}) for {connection_name:?}",
            name,
            token.prefix().unwrap_or_default()
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(NewToken { id, token })
}

/// Revokes a SCIM token: from now on the IdP gets 401 with it.
pub async fn revoke_token(
    db: &ProjectDb,
    actor: &str,
    connection: i64,
    token: i64,
) -> Result<(), CredentialError> {
    let mut tx = db.begin_write().await?;
    if !tokens::revoke(&mut tx, db.id(), ConnectionId(connection), token).await? {
        return Err(CredentialError::UnknownToken);
    }
    audit::record_in(
        &mut tx,
        db.id(),
        actor,
        AdminAction::TokenRevoked,
        &format!("revoked the SCIM token {token}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
