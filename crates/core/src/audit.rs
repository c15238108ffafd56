//! The admin actions the server audits: one list, whose codes the audit log stores and the
//! admin API filters by (`GET /api/v1/audit?action=`), and whose labels the dashboard's
//! Activity page shows. A new audited action is added here first.

use serde::{Deserialize, Serialize};

/// An audited admin action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdminAction {
    /// Project settings changed (SCIM on/off, the seat limit).
    Settings,
    /// A project-native User or Reader invited.
    Invite,
    /// A group deleted from the dashboard.
    DeleteGroup,
    /// A failed request retried.
    Retry,
    /// A group re-pushed.
    Repush,
    /// A connection health threshold changed.
    HealthThresholds,
    /// A webhook endpoint added.
    WebhookAdd,
    /// A webhook endpoint's signing secret rotated.
    WebhookSecret,
    /// A webhook endpoint removed.
    WebhookDelete,
    /// An IdP connection created.
    ConnectionCreated,
    /// A SCIM token generated.
    TokenGenerated,
    /// A SCIM token revoked.
    TokenRevoked,
}

impl AdminAction {
    /// Every action, in the order the dashboard lists them.
    pub const ALL: [AdminAction; 12] = [
        AdminAction::Settings,
        AdminAction::Invite,
        AdminAction::DeleteGroup,
        AdminAction::Retry,
        AdminAction::Repush,
        AdminAction::HealthThresholds,
        AdminAction::WebhookAdd,
        AdminAction::WebhookSecret,
        AdminAction::WebhookDelete,
        AdminAction::ConnectionCreated,
        AdminAction::TokenGenerated,
        AdminAction::TokenRevoked,
    ];

    /// The stable code stored and sent.
    pub fn code(self) -> &'static str {
        match self {
            AdminAction::Settings => "settings",
            AdminAction::Invite => "invite",
            AdminAction::DeleteGroup => "delete_group",
            AdminAction::Retry => "retry",
            AdminAction::Repush => "repush",
            AdminAction::HealthThresholds => "health_thresholds",
            AdminAction::WebhookAdd => "webhook_add",
            AdminAction::WebhookSecret => "webhook_secret",
            AdminAction::WebhookDelete => "webhook_delete",
            AdminAction::ConnectionCreated => "connection_created",
            AdminAction::TokenGenerated => "token_generated",
            AdminAction::TokenRevoked => "token_revoked",
        }
    }

    /// The action with this code.
    pub fn from_code(code: &str) -> Option<AdminAction> {
        AdminAction::ALL.into_iter().find(|a| a.code() == code)
    }

    /// What the dashboard calls it.
    pub fn label(self) -> &'static str {
        match self {
            AdminAction::Settings => "Settings changed",
            AdminAction::Invite => "Invited",
            AdminAction::DeleteGroup => "Group deleted",
            AdminAction::Retry => "Request retried",
            AdminAction::Repush => "Group re-pushed",
            AdminAction::HealthThresholds => "Health thresholds",
            AdminAction::WebhookAdd => "Webhook added",
            AdminAction::WebhookSecret => "Webhook secret rotated",
            AdminAction::WebhookDelete => "Webhook removed",
            AdminAction::ConnectionCreated => "Connection created",
            AdminAction::TokenGenerated => "SCIM token generated",
            AdminAction::TokenRevoked => "SCIM token revoked",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_its_action_and_as_serde_writes_it() {
        for action in AdminAction::ALL {
            assert_eq!(AdminAction::from_code(action.code()), Some(action));
            assert_eq!(
                serde_json::to_string(&action).unwrap(),
                format!("\"{}\"", action.code())
            );
        }
        assert_eq!(AdminAction::from_code("drop_tables"), None);
    }
}
