//! Discovery (`/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`) over real HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use reqwest::Method;
use serde_json::{Value, json};
use support::*;

const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE_SCHEMA: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// `GET path` with the SCIM token; asserts 200 and the SCIM media type.
async fn get_ok(app: &TestApp, path: &str) -> Value {
    let response = app.scim(Method::GET, path).send().await.unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    assert_eq!(response.headers()["content-type"], "application/scim+json");
    response.json().await.unwrap()
}

/// The attribute of a schema (or of a complex attribute's `subAttributes`) with that name.
fn attribute<'a>(attributes: &'a Value, name: &str) -> &'a Value {
    attributes
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no attribute {name}"))
}

async fn schema(app: &TestApp, urn: &str) -> Value {
    get_ok(app, &format!("/Schemas/{urn}")).await
}

#[tokio::test]
async fn the_service_provider_config_says_patch_filter_sort_and_etag_are_supported() {
    let app = spawn_app().await;

    let config = get_ok(&app, "/ServiceProviderConfig").await;

    assert_eq!(
        config["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"])
    );
    assert_eq!(config["patch"]["supported"], true);
    assert_eq!(config["filter"]["supported"], true);
    assert_eq!(config["filter"]["maxResults"], 1000);
    assert_eq!(config["sort"]["supported"], true);
    assert_eq!(config["etag"]["supported"], true);
    assert_eq!(config["meta"]["resourceType"], "ServiceProviderConfig");
}

#[tokio::test]
async fn the_service_provider_config_says_bulk_and_password_change_are_not_supported() {
    let app = spawn_app().await;

    let config = get_ok(&app, "/ServiceProviderConfig").await;

    assert_eq!(config["bulk"]["supported"], false);
    assert_eq!(config["bulk"]["maxOperations"], 0);
    assert_eq!(
        config["bulk"]["maxPayloadSize"],
        scim_sync_server::scim::MAX_BODY_BYTES
    );
    assert_eq!(config["changePassword"]["supported"], false);
}

#[tokio::test]
async fn the_service_provider_config_names_bearer_token_authentication_as_primary() {
    let app = spawn_app().await;

    let config = get_ok(&app, "/ServiceProviderConfig").await;

    let schemes = config["authenticationSchemes"].as_array().unwrap();
    assert_eq!(schemes.len(), 1);
    assert_eq!(schemes[0]["type"], "oauthbearertoken");
    assert_eq!(schemes[0]["name"], "OAuth Bearer Token");
    assert_eq!(schemes[0]["primary"], true);
    assert!(
        schemes[0]["description"]
            .as_str()
            .unwrap()
            .contains("Bearer")
    );
}

#[tokio::test]
async fn resource_types_list_user_with_both_extensions_and_group() {
    let app = spawn_app().await;

    let list = get_ok(&app, "/ResourceTypes").await;

    assert_eq!(list["schemas"], json!([LIST_RESPONSE]));
    assert_eq!(list["totalResults"], 2);
    assert_eq!(list["itemsPerPage"], 2);
    assert_eq!(list["startIndex"], 1);
    let user = &list["Resources"][0];
    assert_eq!(user["id"], "User");
    assert_eq!(user["name"], "User");
    assert_eq!(user["endpoint"], "/Users");
    assert_eq!(user["schema"], USER_SCHEMA);
    assert_eq!(
        user["schemaExtensions"],
        json!([
            {"schema": ENTERPRISE_SCHEMA, "required": false},
            {"schema": PLATFORM_USER_SCHEMA, "required": false},
        ])
    );
    let group = &list["Resources"][1];
    assert_eq!(group["name"], "Group");
    assert_eq!(group["endpoint"], "/Groups");
    assert_eq!(group["schema"], GROUP_SCHEMA);
    assert_eq!(group["meta"]["resourceType"], "ResourceType");
}

#[tokio::test]
async fn a_resource_type_is_fetched_by_its_name() {
    let app = spawn_app().await;

    let group = get_ok(&app, "/ResourceTypes/Group").await;

    assert_eq!(
        group["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:ResourceType"])
    );
    assert_eq!(group["id"], "Group");
    assert_eq!(group["schema"], GROUP_SCHEMA);
}

#[tokio::test]
async fn an_unknown_resource_type_is_a_404_scim_error() {
    let app = spawn_app().await;

    let response = app
        .scim(Method::GET, "/ResourceTypes/Printer")
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 404);
    let body = scim_error(response).await;
    assert_eq!(body["status"], "404");
    assert!(body["detail"].as_str().unwrap().contains("Printer"));
}

#[tokio::test]
async fn schemas_list_core_user_group_and_both_user_extensions() {
    let app = spawn_app().await;

    let list = get_ok(&app, "/Schemas").await;

    assert_eq!(list["schemas"], json!([LIST_RESPONSE]));
    assert_eq!(list["totalResults"], 4);
    assert_eq!(list["itemsPerPage"], 4);
    assert_eq!(list["startIndex"], 1);
    let ids: Vec<&str> = list["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            USER_SCHEMA,
            GROUP_SCHEMA,
            ENTERPRISE_SCHEMA,
            PLATFORM_USER_SCHEMA
        ]
    );
    for schema in list["Resources"].as_array().unwrap() {
        assert_eq!(
            schema["schemas"],
            json!(["urn:ietf:params:scim:schemas:core:2.0:Schema"])
        );
        assert_eq!(schema["meta"]["resourceType"], "Schema");
    }
}

#[tokio::test]
async fn discovery_lists_ignore_paging_parameters_and_answer_every_entry() {
    let app = spawn_app().await;

    let list = get_ok(&app, "/Schemas?startIndex=3&count=1").await;

    assert_eq!(list["totalResults"], 4);
    assert_eq!(list["startIndex"], 1);
    assert_eq!(list["Resources"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn the_user_schema_requires_a_server_unique_case_insensitive_user_name() {
    let app = spawn_app().await;

    let user = schema(&app, USER_SCHEMA).await;

    assert_eq!(user["name"], "User");
    let user_name = attribute(&user["attributes"], "userName");
    assert_eq!(user_name["type"], "string");
    assert_eq!(user_name["required"], true);
    assert_eq!(user_name["uniqueness"], "server");
    assert_eq!(user_name["caseExact"], false);
    assert_eq!(user_name["mutability"], "readWrite");
    assert_eq!(user_name["returned"], "default");
    assert_eq!(user_name["multiValued"], false);
}

#[tokio::test]
async fn the_user_schema_describes_every_rfc_7643_user_attribute() {
    let app = spawn_app().await;

    let user = schema(&app, USER_SCHEMA).await;

    let names: Vec<&str> = user["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "userName",
            "name",
            "displayName",
            "nickName",
            "profileUrl",
            "title",
            "userType",
            "preferredLanguage",
            "locale",
            "timezone",
            "active",
            "password",
            "emails",
            "phoneNumbers",
            "ims",
            "photos",
            "addresses",
            "groups",
            "entitlements",
            "roles",
            "x509Certificates",
        ]
    );
    let emails = attribute(&user["attributes"], "emails");
    assert_eq!(emails["multiValued"], true);
    assert_eq!(
        attribute(&emails["subAttributes"], "type")["canonicalValues"],
        json!(["work", "home", "other"])
    );
    let given_name = attribute(
        &attribute(&user["attributes"], "name")["subAttributes"],
        "givenName",
    );
    assert_eq!(given_name["type"], "string");
}

#[tokio::test]
async fn the_password_is_write_only_and_never_returned() {
    let app = spawn_app().await;

    let user = schema(&app, USER_SCHEMA).await;

    let password = attribute(&user["attributes"], "password");
    assert_eq!(password["mutability"], "writeOnly");
    assert_eq!(password["returned"], "never");
}

#[tokio::test]
async fn a_users_groups_are_read_only_references() {
    let app = spawn_app().await;

    let user = schema(&app, USER_SCHEMA).await;

    let groups = attribute(&user["attributes"], "groups");
    assert_eq!(groups["mutability"], "readOnly");
    assert_eq!(groups["multiValued"], true);
    let reference = attribute(&groups["subAttributes"], "$ref");
    assert_eq!(reference["type"], "reference");
    assert_eq!(reference["mutability"], "readOnly");
    assert!(
        reference["referenceTypes"]
            .as_array()
            .unwrap()
            .contains(&json!("Group"))
    );
}

#[tokio::test]
async fn the_group_schema_requires_a_display_name_and_describes_members() {
    let app = spawn_app().await;

    let group = schema(&app, GROUP_SCHEMA).await;

    assert_eq!(
        attribute(&group["attributes"], "displayName")["required"],
        true
    );
    let members = attribute(&group["attributes"], "members");
    assert_eq!(members["type"], "complex");
    assert_eq!(members["multiValued"], true);
    for name in ["value", "$ref", "type", "display"] {
        attribute(&members["subAttributes"], name);
    }
    assert_eq!(
        attribute(&members["subAttributes"], "$ref")["referenceTypes"],
        json!(["User", "Group"])
    );
}

#[tokio::test]
async fn the_enterprise_extension_describes_the_manager_as_a_user_reference() {
    let app = spawn_app().await;

    let enterprise = schema(&app, ENTERPRISE_SCHEMA).await;

    for name in [
        "employeeNumber",
        "costCenter",
        "organization",
        "division",
        "department",
    ] {
        assert_eq!(attribute(&enterprise["attributes"], name)["type"], "string");
    }
    let manager = attribute(&enterprise["attributes"], "manager");
    assert_eq!(manager["type"], "complex");
    assert_eq!(
        attribute(&manager["subAttributes"], "$ref")["referenceTypes"],
        json!(["User"])
    );
    assert_eq!(
        attribute(&manager["subAttributes"], "displayName")["mutability"],
        "readOnly"
    );
}

#[tokio::test]
async fn the_platform_extension_describes_is_team_account_as_an_optional_boolean() {
    let app = spawn_app().await;

    let platform = schema(&app, PLATFORM_USER_SCHEMA).await;

    let attributes = platform["attributes"].as_array().unwrap();
    assert_eq!(attributes.len(), 1);
    let is_team_account = &attributes[0];
    assert_eq!(is_team_account["name"], "isTeamAccount");
    assert_eq!(is_team_account["type"], "boolean");
    assert_eq!(is_team_account["multiValued"], false);
    assert_eq!(is_team_account["required"], false);
    assert_eq!(is_team_account["mutability"], "readWrite");
    assert_eq!(is_team_account["returned"], "default");
    let description = is_team_account["description"].as_str().unwrap();
    assert!(description.contains("licence seat"), "{description}");
    assert!(description.contains("Reader"), "{description}");
}

#[tokio::test]
async fn every_complex_attribute_has_sub_attributes_and_every_reference_its_reference_types() {
    let app = spawn_app().await;

    let list = get_ok(&app, "/Schemas").await;

    let mut pending: Vec<&Value> = list["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["attributes"].as_array().unwrap())
        .collect();
    while let Some(attribute) = pending.pop() {
        let name = &attribute["name"];
        for key in [
            "description",
            "required",
            "caseExact",
            "mutability",
            "returned",
            "uniqueness",
            "multiValued",
        ] {
            assert!(attribute.get(key).is_some(), "{name} has no {key}");
        }
        match attribute["type"].as_str().unwrap() {
            "complex" => {
                let subs = attribute["subAttributes"].as_array().unwrap();
                assert!(!subs.is_empty(), "{name} has no sub-attributes");
                pending.extend(subs);
            }
            "reference" => {
                let types = attribute["referenceTypes"].as_array().unwrap();
                assert!(!types.is_empty(), "{name} has no reference types");
            }
            _ => assert!(attribute.get("subAttributes").is_none(), "{name}"),
        }
    }
}

#[tokio::test]
async fn an_unknown_schema_is_a_404_scim_error() {
    let app = spawn_app().await;

    let response = app
        .scim(
            Method::GET,
            "/Schemas/urn:ietf:params:scim:schemas:extension:nobody:2.0:User",
        )
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 404);
    let body = scim_error(response).await;
    assert_eq!(body["status"], "404");
}

#[tokio::test]
async fn every_discovery_resource_has_an_absolute_meta_location_that_answers_itself() {
    let app = spawn_app().await;
    let mut resources = vec![get_ok(&app, "/ServiceProviderConfig").await];
    for list in ["/ResourceTypes", "/Schemas"] {
        let list = get_ok(&app, list).await;
        resources.extend(list["Resources"].as_array().unwrap().iter().cloned());
    }

    for resource in resources {
        let location = resource["meta"]["location"].as_str().unwrap();
        assert!(
            location.starts_with(&format!("{}/scim/v2/", app.base)),
            "{location} is not absolute under the SCIM base"
        );
        let response = app
            .client
            .get(location)
            .bearer_auth(SCIM_TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{location}");
        let fetched: Value = response.json().await.unwrap();
        assert_eq!(fetched, resource, "{location} answers another resource");
    }
}

#[tokio::test]
async fn discovery_needs_the_scim_bearer_token() {
    let app = spawn_app().await;

    for path in ["/ServiceProviderConfig", "/ResourceTypes", "/Schemas"] {
        let response = app
            .client
            .get(format!("{}/scim/v2{path}", app.base))
            .send()
            .await
            .unwrap();

        assert_eq!(response.status(), 401, "{path}");
        scim_error(response).await;
    }
}

#[tokio::test]
async fn discovery_endpoints_answer_only_get() {
    let app = spawn_app().await;

    for path in ["/ServiceProviderConfig", "/ResourceTypes", "/Schemas"] {
        for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
            let response = app.scim(method.clone(), path).send().await.unwrap();

            assert_eq!(response.status(), 405, "{method} {path}");
        }
    }
}
