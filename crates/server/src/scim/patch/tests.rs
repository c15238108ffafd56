use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::*;
use crate::scim::error::Failure;

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PLATFORM: &str = "urn:ietf:params:scim:schemas:extension:document360:2.0:User";

fn user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": "u1",
        "userName": "ada@example.com",
        "displayName": "Ada",
        "name": {"givenName": "Ada", "familyName": "Lovelace"},
        "active": true,
        "emails": [
            {"value": "ada@example.com", "type": "work", "primary": true},
            {"value": "ada@home.example", "type": "home"}
        ],
        "meta": {"resourceType": "User", "version": "W/\"1\""}
    })
}

fn group(members: &[&str]) -> Value {
    let members: Vec<Value> = members.iter().map(|id| json!({"value": id})).collect();
    json!({"id": "g1", "displayName": "Admins", "members": members})
}

fn body(operations: Value) -> Value {
    json!({"schemas": [PATCH_OP_SCHEMA], "Operations": operations})
}

/// Parses and applies `operations` to `resource`.
fn patch(resource: &Value, operations: Value) -> Result<Value, ScimError> {
    apply(resource, &parse(&body(operations))?)
}

fn patched(resource: &Value, operations: Value) -> Value {
    patch(resource, operations).unwrap_or_else(|e| panic!("{e}"))
}

fn scim_type(error: ScimError) -> (u16, Option<&'static str>, String) {
    let response = error.into_response();
    let status = response.status().as_u16();
    let failure = response.extensions().get::<Failure>().unwrap().clone();
    (status, failure.scim_type, failure.detail)
}

fn failure(resource: &Value, operations: Value) -> (u16, Option<&'static str>, String) {
    scim_type(patch(resource, operations).expect_err("the patch should fail"))
}

fn member_ids(group: &Value) -> Vec<&str> {
    group["members"]
        .as_array()
        .map(|members| members.iter().filter_map(|m| m["value"].as_str()).collect())
        .unwrap_or_default()
}

// ---- parse ----

#[test]
fn a_body_without_the_patch_op_schema_is_invalid_syntax() {
    let missing = parse(&json!({"Operations": [{"op": "add", "path": "title", "value": "x"}]}));
    assert_eq!(scim_type(missing.unwrap_err()).1, Some("invalidSyntax"));
    let wrong = parse(&json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "Operations": [{"op": "add", "path": "title", "value": "x"}]
    }));
    let (status, kind, detail) = scim_type(wrong.unwrap_err());
    assert_eq!((status, kind), (400, Some("invalidSyntax")));
    assert!(detail.contains(PATCH_OP_SCHEMA));
    assert!(parse(&json!([1])).is_err());
}

#[test]
fn the_operations_key_is_accepted_in_any_case() {
    let request = parse(&json!({
        "schemas": [PATCH_OP_SCHEMA],
        "operations": [{"op": "replace", "path": "title", "value": "Dr"}]
    }))
    .unwrap();
    assert_eq!(request.operations.len(), 1);
}

#[test]
fn missing_or_empty_operations_are_invalid_syntax() {
    for bad in [
        json!({"schemas": [PATCH_OP_SCHEMA]}),
        json!({"schemas": [PATCH_OP_SCHEMA], "Operations": []}),
        json!({"schemas": [PATCH_OP_SCHEMA], "Operations": {"op": "add"}}),
        json!({"schemas": [PATCH_OP_SCHEMA], "Operations": ["add"]}),
        json!({"schemas": [PATCH_OP_SCHEMA], "Operations": [{"path": "title", "value": "x"}]}),
    ] {
        assert_eq!(
            scim_type(parse(&bad).unwrap_err()).1,
            Some("invalidSyntax"),
            "{bad}"
        );
    }
}

#[test]
fn op_names_are_accepted_in_any_case() {
    let request = parse(&body(json!([
        {"op": "Add", "path": "title", "value": "x"},
        {"op": "REPLACE", "path": "title", "value": "y"},
        {"Op": "remove", "Path": "title"}
    ])))
    .unwrap();
    let ops: Vec<Op> = request.operations.iter().map(|o| o.op).collect();
    assert_eq!(ops, [Op::Add, Op::Replace, Op::Remove]);
}

#[test]
fn an_unknown_op_is_invalid_syntax() {
    let (status, kind, detail) =
        scim_type(parse(&body(json!([{"op": "move", "path": "title"}]))).unwrap_err());
    assert_eq!((status, kind), (400, Some("invalidSyntax")));
    assert!(detail.contains("\"move\""), "{detail}");
}

#[test]
fn a_path_that_does_not_parse_is_invalid_path() {
    for path in [
        r#"emails[type eq "work""#,
        "name.given.more",
        "emails[type zz \"x\"]",
        "a b",
    ] {
        let error = parse(&body(
            json!([{"op": "replace", "path": path, "value": "x"}]),
        ));
        let (status, kind, detail) = scim_type(error.unwrap_err());
        assert_eq!((status, kind), (400, Some("invalidPath")), "{path}");
        assert!(detail.contains("Operations[0].path"), "{detail}");
    }
    let not_a_string = parse(&body(json!([{"op": "replace", "path": 3, "value": "x"}])));
    assert_eq!(scim_type(not_a_string.unwrap_err()).1, Some("invalidPath"));
}

#[test]
fn remove_without_a_path_is_no_target() {
    let (status, kind, _) = failure(&user(), json!([{"op": "remove"}]));
    assert_eq!((status, kind), (400, Some("noTarget")));
}

#[test]
fn add_or_replace_without_a_value_is_refused() {
    let (_, kind, _) = failure(&user(), json!([{"op": "add", "path": "title"}]));
    assert_eq!(kind, Some("invalidSyntax"));
    let (_, kind, _) = failure(
        &user(),
        json!([{"op": "replace", "value": "not an object"}]),
    );
    assert_eq!(kind, Some("invalidValue"));
}

#[test]
fn a_schema_urn_alone_is_a_path_to_the_extension_object() {
    assert_eq!(
        parse_target(ENTERPRISE).unwrap(),
        Target::Extension(ENTERPRISE.to_owned())
    );
    assert!(matches!(
        parse_target(&format!("{ENTERPRISE}:department")).unwrap(),
        Target::Path(_)
    ));
}

// ---- plain paths ----

#[test]
fn replacing_display_name_in_another_case_updates_the_existing_key() {
    let result = patched(
        &user(),
        json!([{"op": "replace", "path": "DisplayName", "value": "Countess"}]),
    );
    assert_eq!(result["displayName"], "Countess");
    assert!(result.get("DisplayName").is_none());
    assert_eq!(
        result.as_object().unwrap().len(),
        user().as_object().unwrap().len()
    );
}

#[test]
fn a_new_attribute_named_in_another_case_gets_its_canonical_spelling() {
    let result = patched(
        &user(),
        json!([{"op": "add", "path": "NICKNAME", "value": "Ada"}]),
    );
    assert_eq!(result["nickName"], "Ada");
}

#[test]
fn add_to_a_single_valued_attribute_sets_it() {
    let result = patched(
        &user(),
        json!([{"op": "add", "path": "title", "value": "Countess"}]),
    );
    assert_eq!(result["title"], "Countess");
    let result = patched(
        &user(),
        json!([{"op": "add", "path": "displayName", "value": "A."}]),
    );
    assert_eq!(result["displayName"], "A.");
}

#[test]
fn replace_of_a_sub_attribute_keeps_the_other_sub_attributes() {
    let result = patched(
        &user(),
        json!([{"op": "replace", "path": "name.givenName", "value": "Augusta"}]),
    );
    assert_eq!(
        result["name"],
        json!({"givenName": "Augusta", "familyName": "Lovelace"})
    );
}

#[test]
fn add_of_a_sub_attribute_creates_the_complex_attribute_when_absent() {
    let resource = json!({"id": "u2", "userName": "b@example.com"});
    let result = patched(
        &resource,
        json!([{"op": "add", "path": "name.familyName", "value": "Byron"}]),
    );
    assert_eq!(result["name"], json!({"familyName": "Byron"}));
}

#[test]
fn replace_of_a_complex_attribute_merges_its_sub_attributes() {
    let result = patched(
        &user(),
        json!([{"op": "replace", "path": "name", "value": {"FamilyName": "King"}}]),
    );
    assert_eq!(
        result["name"],
        json!({"givenName": "Ada", "familyName": "King"})
    );
}

#[test]
fn remove_deletes_an_attribute_or_a_sub_attribute() {
    let result = patched(
        &user(),
        json!([{"op": "remove", "path": "DISPLAYNAME"}, {"op": "remove", "path": "name.familyName"}]),
    );
    assert!(result.get("displayName").is_none());
    assert_eq!(result["name"], json!({"givenName": "Ada"}));
}

#[test]
fn removing_an_absent_attribute_succeeds_and_changes_nothing() {
    let result = patched(&user(), json!([{"op": "remove", "path": "title"}]));
    assert_eq!(result, user());
    let result = patched(
        &user(),
        json!([{"op": "remove", "path": format!("{ENTERPRISE}:department")}]),
    );
    assert_eq!(result, user());
}

// ---- URN-qualified paths ----

#[test]
fn a_urn_qualified_path_writes_inside_the_extension_object() {
    let result = patched(
        &user(),
        json!([
            {"op": "replace", "path": format!("{PLATFORM}:isTeamAccount"), "value": true},
            {"op": "add", "path": format!("{ENTERPRISE}:department"), "value": "Analytics"}
        ]),
    );
    assert_eq!(result[PLATFORM], json!({"isTeamAccount": true}));
    assert_eq!(result[ENTERPRISE], json!({"department": "Analytics"}));
}

#[test]
fn a_urn_qualified_sub_attribute_path_writes_inside_the_extension_attribute() {
    let result = patched(
        &user(),
        json!([{"op": "add", "path": format!("{ENTERPRISE}:manager.value"), "value": "m1"}]),
    );
    assert_eq!(result[ENTERPRISE], json!({"manager": {"value": "m1"}}));
}

#[test]
fn a_urn_qualified_path_finds_the_extension_in_any_case() {
    let mut resource = user();
    resource[PLATFORM.to_uppercase()] = json!({"IsTeamAccount": false});
    let result = patched(
        &resource,
        json!([{"op": "replace", "path": format!("{PLATFORM}:isteamaccount"), "value": true}]),
    );
    assert_eq!(
        result[PLATFORM.to_uppercase()],
        json!({"IsTeamAccount": true})
    );
    assert!(result.get(PLATFORM).is_none());
}

#[test]
fn removing_an_extension_urn_removes_the_whole_extension() {
    let mut resource = user();
    resource[ENTERPRISE] = json!({"department": "x"});
    let result = patched(&resource, json!([{"op": "remove", "path": ENTERPRISE}]));
    assert_eq!(result, user());
}

// ---- multi-valued attributes and value paths ----

#[test]
fn add_to_a_multi_valued_attribute_appends() {
    let result = patched(
        &user(),
        json!([{"op": "add", "path": "emails", "value": [{"value": "a@other.example", "type": "other"}]}]),
    );
    assert_eq!(result["emails"].as_array().unwrap().len(), 3);
    assert_eq!(result["emails"][2]["value"], "a@other.example");
}

#[test]
fn adding_a_value_already_present_does_not_duplicate_it() {
    let result = patched(
        &user(),
        json!([{"op": "add", "path": "emails", "value": [{"Type": "home", "value": "ada@home.example"}]}]),
    );
    assert_eq!(result, user());
}

#[test]
fn adding_a_primary_element_takes_primary_from_the_others() {
    let result = patched(
        &user(),
        json!([{"op": "add", "path": "emails", "value": {"value": "new@example.com", "primary": true}}]),
    );
    let emails = result["emails"].as_array().unwrap();
    assert_eq!(emails.len(), 3);
    assert_eq!(emails[0]["primary"], false);
    assert_eq!(emails[2]["primary"], true);
}

#[test]
fn replace_with_a_value_filter_sets_the_sub_attribute_of_matching_elements() {
    let result = patched(
        &user(),
        json!([{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "ada@new.example"}]),
    );
    assert_eq!(result["emails"][0]["value"], "ada@new.example");
    assert_eq!(result["emails"][1]["value"], "ada@home.example");
}

#[test]
fn replace_with_a_value_filter_that_matches_nothing_is_no_target() {
    let (status, kind, detail) = failure(
        &user(),
        json!([{"op": "replace", "path": "emails[type eq \"other\"].value", "value": "x"}]),
    );
    assert_eq!((status, kind), (400, Some("noTarget")));
    assert!(detail.contains("Operations[0]"), "{detail}");
}

#[test]
fn replace_with_a_value_filter_and_no_sub_attribute_replaces_matching_elements() {
    let result = patched(
        &user(),
        json!([{"op": "replace", "path": "emails[type eq \"home\"]", "value": {"value": "h@example.com", "type": "home", "primary": true}}]),
    );
    assert_eq!(
        result["emails"][1],
        json!({"value": "h@example.com", "type": "home", "primary": true})
    );
    assert_eq!(result["emails"][0]["primary"], false);
}

#[test]
fn setting_primary_through_a_value_path_takes_it_from_the_others() {
    let result = patched(
        &user(),
        json!([{"op": "replace", "path": "emails[type eq \"home\"].primary", "value": true}]),
    );
    assert_eq!(result["emails"][0]["primary"], false);
    assert_eq!(result["emails"][1]["primary"], true);
}

#[test]
fn entra_add_with_a_value_filter_matching_nothing_creates_the_element() {
    let resource = json!({"id": "u3", "userName": "c@example.com"});
    let result = patched(
        &resource,
        json!([
            {"op": "Add", "path": "emails[type eq \"work\"].value", "value": "c@example.com"},
            {"op": "Add", "path": "addresses[type eq \"work\"].locality", "value": "London"},
            {"op": "Add", "path": "addresses[type eq \"work\"].country", "value": "GB"}
        ]),
    );
    assert_eq!(
        result["emails"],
        json!([{"type": "work", "value": "c@example.com"}])
    );
    assert_eq!(
        result["addresses"],
        json!([{"type": "work", "locality": "London", "country": "GB"}])
    );
}

#[test]
fn add_with_a_value_filter_that_cannot_describe_an_element_is_no_target() {
    let (_, kind, _) = failure(
        &user(),
        json!([{"op": "add", "path": "emails[type sw \"x\"].value", "value": "x"}]),
    );
    assert_eq!(kind, Some("noTarget"));
}

#[test]
fn replace_of_a_multi_valued_attribute_without_a_filter_replaces_all_values() {
    let result = patched(
        &group(&["a", "b"]),
        json!([{"op": "replace", "path": "members", "value": [{"value": "c"}]}]),
    );
    assert_eq!(member_ids(&result), ["c"]);
}

#[test]
fn remove_with_a_value_filter_removes_the_matching_elements() {
    let result = patched(
        &group(&["abc", "def"]),
        json!([{"op": "remove", "path": "members[value eq \"abc\"]"}]),
    );
    assert_eq!(member_ids(&result), ["def"]);
}

#[test]
fn member_ids_in_a_value_filter_compare_case_exactly() {
    let result = patched(
        &group(&["abc", "ABC"]),
        json!([{"op": "remove", "path": "members[value eq \"ABC\"]"}]),
    );
    assert_eq!(member_ids(&result), ["abc"]);
}

#[test]
fn removing_the_last_element_leaves_the_attribute_unassigned() {
    let result = patched(
        &group(&["abc"]),
        json!([{"op": "remove", "path": "members[value eq \"abc\"]"}]),
    );
    assert!(result.get("members").is_none());
}

#[test]
fn remove_with_a_value_filter_and_sub_attribute_removes_it_from_matching_elements() {
    let result = patched(
        &user(),
        json!([{"op": "remove", "path": "emails[type eq \"work\"].primary"}]),
    );
    assert_eq!(
        result["emails"][0],
        json!({"value": "ada@example.com", "type": "work"})
    );
}

#[test]
fn remove_of_a_whole_multi_valued_attribute_removes_every_value() {
    let result = patched(
        &group(&["a", "b"]),
        json!([{"op": "remove", "path": "members"}]),
    );
    assert!(result.get("members").is_none());
}

#[test]
fn re_adding_a_present_member_succeeds_without_duplicating_it() {
    let result = patched(
        &group(&["a", "b"]),
        json!([{"op": "add", "path": "members", "value": [{"value": "b", "display": "Bea"}, {"value": "c"}, {"value": "c"}]}]),
    );
    assert_eq!(member_ids(&result), ["a", "b", "c"]);
}

// ---- Okta and Entra shapes ----

#[test]
fn okta_path_less_replace_of_active_sets_it() {
    let result = patched(
        &user(),
        json!([{"op": "replace", "value": {"active": false}}]),
    );
    assert_eq!(result["active"], false);
}

#[test]
fn okta_group_rename_with_its_own_id_in_the_value_succeeds() {
    let result = patched(
        &group(&["a"]),
        json!([{"op": "replace", "value": {"id": "g1", "displayName": "Owners"}}]),
    );
    assert_eq!(result["displayName"], "Owners");
    assert_eq!(result["id"], "g1");
}

#[test]
fn okta_member_add_and_remove_shapes_apply() {
    let result = patched(
        &group(&["a"]),
        json!([
            {"op": "add", "path": "members", "value": [{"value": "b", "display": "b@example.com"}]},
            {"op": "remove", "path": "members[value eq \"a\"]"}
        ]),
    );
    assert_eq!(member_ids(&result), ["b"]);
}

#[test]
fn entra_capitalised_ops_and_string_booleans_are_kept_as_sent() {
    let result = patched(
        &user(),
        json!([
            {"op": "Replace", "path": "active", "value": "False"},
            {"op": "Add", "path": format!("{PLATFORM}:isTeamAccount"), "value": "True"}
        ]),
    );
    assert_eq!(result["active"], "False");
    assert_eq!(result[PLATFORM]["isTeamAccount"], "True");
}

#[test]
fn entra_path_less_replace_with_dotted_and_urn_keys_applies_each() {
    let result = patched(
        &user(),
        json!([{"op": "Replace", "value": {
            "displayName": "Ada King",
            "name.givenName": "Augusta",
            "name.familyName": "King",
            "active": "True",
            format!("{PLATFORM}:isTeamAccount"): "False",
            format!("{ENTERPRISE}:department"): "Engines"
        }}]),
    );
    assert_eq!(result["displayName"], "Ada King");
    assert_eq!(
        result["name"],
        json!({"givenName": "Augusta", "familyName": "King"})
    );
    assert_eq!(result["active"], "True");
    assert_eq!(result[PLATFORM], json!({"isTeamAccount": "False"}));
    assert_eq!(result[ENTERPRISE], json!({"department": "Engines"}));
}

#[test]
fn a_path_less_urn_key_with_an_object_merges_into_the_extension() {
    let mut resource = user();
    resource[ENTERPRISE] = json!({"department": "Engines", "costCenter": "7"});
    let result = patched(
        &resource,
        json!([{"op": "Add", "value": {ENTERPRISE: {"Department": "Looms", "manager": {"value": "m1"}}}}]),
    );
    assert_eq!(
        result[ENTERPRISE],
        json!({"department": "Looms", "costCenter": "7", "manager": {"value": "m1"}})
    );
}

#[test]
fn a_path_less_core_urn_key_writes_top_level_attributes() {
    let result = patched(
        &user(),
        json!([{"op": "replace", "value": {"urn:ietf:params:scim:schemas:core:2.0:User": {"title": "Countess"}}}]),
    );
    assert_eq!(result["title"], "Countess");
}

#[test]
fn entra_remove_members_with_a_value_list_removes_just_those_members() {
    let result = patched(
        &group(&["id1", "id2", "id3"]),
        json!([{"op": "Remove", "path": "members", "value": [{"value": "id1"}, {"value": "id3"}, {"value": "absent"}]}]),
    );
    assert_eq!(member_ids(&result), ["id2"]);
}

#[test]
fn entra_add_members_capitalised_appends() {
    let result = patched(
        &group(&["id1"]),
        json!([{"op": "Add", "path": "members", "value": [{"value": "id2"}]}]),
    );
    assert_eq!(member_ids(&result), ["id1", "id2"]);
}

// ---- read-only attributes ----

#[test]
fn id_meta_and_schemas_are_read_only() {
    for operation in [
        json!({"op": "replace", "path": "id", "value": "x"}),
        json!({"op": "replace", "path": "ID", "value": "x"}),
        json!({"op": "add", "path": "meta.version", "value": "x"}),
        json!({"op": "remove", "path": "meta"}),
        json!({"op": "add", "path": "schemas", "value": ["urn:x"]}),
        json!({"op": "replace", "path": "urn:ietf:params:scim:schemas:core:2.0:User:id", "value": "x"}),
        json!({"op": "replace", "value": {"id": "someone-else"}}),
        json!({"op": "replace", "value": {"meta": {}}}),
    ] {
        let (status, kind, _) = failure(&user(), json!([operation.clone()]));
        assert_eq!((status, kind), (400, Some("mutability")), "{operation}");
    }
}

#[test]
fn an_invalid_attribute_name_in_a_path_less_value_is_invalid_path() {
    let (_, kind, _) = failure(&user(), json!([{"op": "replace", "value": {"a.b.c": 1}}]));
    assert_eq!(kind, Some("invalidPath"));
}

// ---- atomicity, order, scale ----

#[test]
fn a_failing_second_operation_leaves_the_resource_unchanged() {
    let original = user();
    let before = original.clone();
    let request = parse(&body(json!([
        {"op": "replace", "path": "displayName", "value": "Changed"},
        {"op": "replace", "path": "emails[type eq \"other\"].value", "value": "x"}
    ])))
    .unwrap();
    let error = apply(&original, &request).expect_err("the second operation has no target");
    assert_eq!(scim_type(error).1, Some("noTarget"));
    assert_eq!(original, before);
}

#[test]
fn operations_apply_in_order_each_seeing_the_previous() {
    let result = patched(
        &user(),
        json!([
            {"op": "add", "path": "title", "value": "Countess"},
            {"op": "replace", "path": "title", "value": "Countess of Lovelace"},
            {"op": "add", "path": "nickName", "value": "Ada"},
            {"op": "remove", "path": "nickName"}
        ]),
    );
    assert_eq!(result["title"], "Countess of Lovelace");
    assert!(result.get("nickName").is_none());
}

#[test]
fn a_resource_that_is_not_an_object_is_refused() {
    let request = parse(&body(json!([{"op": "add", "path": "title", "value": "x"}]))).unwrap();
    assert!(apply(&json!([1, 2]), &request).is_err());
}

#[test]
fn adding_ten_thousand_members_to_a_group_of_ten_thousand_keeps_each_once() {
    let existing: Vec<String> = (0..10_000).map(|i| format!("m{i}")).collect();
    let existing: Vec<&str> = existing.iter().map(String::as_str).collect();
    let resource = group(&existing);
    // Half the added members are already in the group.
    let added: Vec<Value> = (5_000..15_000)
        .map(|i| json!({"value": format!("m{i}")}))
        .collect();
    let result = patched(
        &resource,
        json!([{"op": "add", "path": "members", "value": added}]),
    );
    let ids = member_ids(&result);
    assert_eq!(ids.len(), 15_000);
    assert_eq!(
        ids.iter().collect::<std::collections::HashSet<_>>().len(),
        15_000
    );
    assert_eq!(ids[14_999], "m14999");
}

#[test]
fn removing_ten_thousand_members_by_value_list_leaves_the_rest() {
    let existing: Vec<String> = (0..20_000).map(|i| format!("m{i}")).collect();
    let existing: Vec<&str> = existing.iter().map(String::as_str).collect();
    let removed: Vec<Value> = (0..10_000)
        .map(|i| json!({"value": format!("m{}", i * 2)}))
        .collect();
    let result = patched(
        &group(&existing),
        json!([{"op": "Remove", "path": "members", "value": removed}]),
    );
    let ids = member_ids(&result);
    assert_eq!(ids.len(), 10_000);
    assert!(
        ids.iter()
            .all(|id| id[1..].parse::<u32>().unwrap() % 2 == 1)
    );
}
