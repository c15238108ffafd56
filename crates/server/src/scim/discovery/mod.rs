//! Discovery (RFC 7644 §4): `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas`, which tell
//! an IdP what this server supports and what its resources look like.
//!
//! Reading order: [`service_provider_config`] → [`resource_types`] → [`schemas`] (built with
//! [`attribute`]) → the handlers below. Everything is static data, rendered with `meta.location`
//! under the SCIM base the client reached. As RFC 7644 §4 requires, the lists ignore filtering,
//! sorting and paging parameters and always answer every entry.

pub mod attribute;
pub mod resource_types;
pub mod schemas;
pub mod service_provider_config;

use axum::Extension;
use axum::extract::Path;
use scim_sync_core::scim::LIST_RESPONSE_SCHEMA;
use serde_json::{Value, json};

use super::error::ScimError;
use super::gate::ScimBase;
use super::json::ScimResponse;
use resource_types::ResourceTypeDefinition;
use schemas::SchemaDefinition;

/// The most resources one list or search answers (advertised as `filter.maxResults`).
pub const MAX_RESULTS: usize = 1000;

/// The schema of the service provider configuration (RFC 7643 §5).
pub const SERVICE_PROVIDER_CONFIG_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
/// The schema of a resource type (RFC 7643 §6).
pub const RESOURCE_TYPE_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
/// The schema of a schema definition (RFC 7643 §7).
pub const SCHEMA_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/// `GET /ServiceProviderConfig`.
pub async fn get_service_provider_config(Extension(base): Extension<ScimBase>) -> ScimResponse {
    ScimResponse::ok(service_provider_config::render(&base))
}

/// `GET /ResourceTypes`.
pub async fn list_resource_types(Extension(base): Extension<ScimBase>) -> ScimResponse {
    let resources = resource_types::ALL
        .iter()
        .map(|definition| render_resource_type(definition, &base))
        .collect();
    ScimResponse::ok(list_response(resources))
}

/// `GET /ResourceTypes/{name}`: the name compared case-insensitively.
pub async fn get_resource_type(
    Extension(base): Extension<ScimBase>,
    Path(name): Path<String>,
) -> Result<ScimResponse, ScimError> {
    resource_types::ALL
        .iter()
        .find(|definition| definition.name.eq_ignore_ascii_case(&name))
        .map(|definition| ScimResponse::ok(render_resource_type(definition, &base)))
        .ok_or_else(|| {
            ScimError::not_found(format!(
                "No resource type {name:?}. This server serves User and Group."
            ))
        })
}

/// `GET /Schemas`.
pub async fn list_schemas(Extension(base): Extension<ScimBase>) -> ScimResponse {
    let resources = schemas::all()
        .iter()
        .map(|schema| render_schema(schema, &base))
        .collect();
    ScimResponse::ok(list_response(resources))
}

/// `GET /Schemas/{urn}`: the URN compared case-insensitively.
pub async fn get_schema(
    Extension(base): Extension<ScimBase>,
    Path(urn): Path<String>,
) -> Result<ScimResponse, ScimError> {
    schemas::all()
        .iter()
        .find(|schema| schema.id.eq_ignore_ascii_case(&urn))
        .map(|schema| ScimResponse::ok(render_schema(schema, &base)))
        .ok_or_else(|| ScimError::not_found(format!("No schema {urn:?}.")))
}

/// A resource type as RFC 7643 §6 JSON.
fn render_resource_type(definition: &ResourceTypeDefinition, base: &ScimBase) -> Value {
    let extensions: Vec<Value> = definition
        .extensions
        .iter()
        .map(|(schema, required)| json!({"schema": schema, "required": required}))
        .collect();
    json!({
        "schemas": [RESOURCE_TYPE_SCHEMA],
        "id": definition.name,
        "name": definition.name,
        "endpoint": definition.endpoint,
        "description": definition.description,
        "schema": definition.schema,
        "schemaExtensions": extensions,
        "meta": meta(
            "ResourceType",
            format!("{}/ResourceTypes/{}", base.0, definition.name),
        ),
    })
}

/// A schema as RFC 7643 §7 JSON.
fn render_schema(schema: &SchemaDefinition, base: &ScimBase) -> Value {
    let attributes: Vec<Value> = schema.attributes.iter().map(|a| a.to_json()).collect();
    json!({
        "schemas": [SCHEMA_SCHEMA],
        "id": schema.id,
        "name": schema.name,
        "description": schema.description,
        "attributes": attributes,
        "meta": meta("Schema", format!("{}/Schemas/{}", base.0, schema.id)),
    })
}

/// The `meta` of a discovery resource.
fn meta(resource_type: &str, location: String) -> Value {
    json!({"resourceType": resource_type, "location": location})
}

/// A ListResponse (RFC 7644 §3.4.2) holding every resource on one page.
fn list_response(resources: Vec<Value>) -> Value {
    json!({
        "schemas": [LIST_RESPONSE_SCHEMA],
        "totalResults": resources.len(),
        "itemsPerPage": resources.len(),
        "startIndex": 1,
        "Resources": resources,
    })
}
