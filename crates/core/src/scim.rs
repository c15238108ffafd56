//! SCIM 2.0 schema URNs (RFC 7643) and the platform's extension.

/// Core User schema (RFC 7643 §4.1).
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// Core Group schema (RFC 7643 §4.2).
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// Enterprise User extension (RFC 7643 §4.3).
pub const ENTERPRISE_USER_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// The platform's User extension; carries `isTeamAccount`.
pub const PLATFORM_USER_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:extension:document360:2.0:User";
/// The error response schema (RFC 7644 §3.12).
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
/// The list response schema (RFC 7644 §3.4.2).
pub const LIST_RESPONSE_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/// The PATCH request schema (RFC 7644 §3.5.2).
pub const PATCH_OP_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
/// The attribute of [`PLATFORM_USER_SCHEMA`] that decides User (true) or Reader (false or absent).
pub const IS_TEAM_ACCOUNT: &str = "isTeamAccount";
