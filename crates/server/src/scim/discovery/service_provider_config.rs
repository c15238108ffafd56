//! `/ServiceProviderConfig` (RFC 7643 §5): what this server supports, stated truthfully.

use serde_json::{Value, json};

use super::{MAX_RESULTS, SERVICE_PROVIDER_CONFIG_SCHEMA, meta};
use crate::scim::MAX_BODY_BYTES;
use crate::scim::gate::ScimBase;

/// Where the configuration lives.
pub fn location(base: &ScimBase) -> String {
    format!("{}/ServiceProviderConfig", base.0)
}

/// The configuration: PATCH, filter (up to [`MAX_RESULTS`]), sort and ETags are supported;
/// bulk and password change are not; the IdP connection authenticates with its bearer token.
pub fn render(base: &ScimBase) -> Value {
    json!({
        "schemas": [SERVICE_PROVIDER_CONFIG_SCHEMA],
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": MAX_BODY_BYTES},
        "filter": {"supported": true, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": false},
        "sort": {"supported": true},
        "etag": {"supported": true},
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "OAuth Bearer Token",
            "description": "Authentication with the SCIM token issued for this identity \
                            provider connection, sent as \"Authorization: Bearer <token>\".",
            "specUri": "https://www.rfc-editor.org/info/rfc6750",
            "primary": true,
        }],
        "meta": meta("ServiceProviderConfig", location(base)),
    })
}
