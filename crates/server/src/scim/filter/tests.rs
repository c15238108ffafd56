use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::*;
use crate::scim::error::Failure;

const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PLATFORM: &str = "urn:ietf:params:scim:schemas:extension:document360:2.0:User";

fn user() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE, PLATFORM],
        "id": "2819c223-7f76-453a-919d-413861904646",
        "externalId": "Ext-1",
        "userName": "Bjensen@Example.com",
        "name": {"familyName": "Jensen", "givenName": "Barbara"},
        "displayName": "Babs \"B\" Jensen",
        "title": "",
        "nickName": null,
        "active": true,
        "loginCount": 42,
        "emails": [
            {"value": "bjensen@example.com", "type": "work", "primary": true},
            {"value": "babs@jensen.org", "type": "home"}
        ],
        "phoneNumbers": [],
        "meta": {
            "resourceType": "User",
            "created": "2024-01-23T04:56:22Z",
            "lastModified": "2024-05-13T04:42:34Z",
            "version": "W/\"a330bc54\""
        },
        ENTERPRISE: {
            "employeeNumber": "701984",
            "department": "Tour Operations",
            "manager": {"value": "26118915-6090", "$ref": "../Users/26118915-6090"}
        },
        PLATFORM: {"isTeamAccount": true}
    })
}

fn group() -> Value {
    json!({
        "id": "g1",
        "displayName": "Admins",
        "members": [{"value": "AbC", "display": "Ada"}, {"value": "def"}]
    })
}

fn matches(filter: &str, resource: &Value) -> bool {
    parse(filter)
        .unwrap_or_else(|e| panic!("{filter}: {e}"))
        .matches(resource)
}

fn error(filter: &str) -> FilterError {
    parse(filter).expect_err(filter)
}

#[test]
fn eq_on_user_name_ignores_the_case_of_the_name_the_operator_and_the_value() {
    assert!(matches(r#"userName eq "bjensen@example.com""#, &user()));
    assert!(matches(r#"USERNAME EQ "BJENSEN@EXAMPLE.COM""#, &user()));
    assert!(!matches(r#"userName eq "someone@example.com""#, &user()));
}

#[test]
fn id_and_external_id_compare_case_exactly() {
    assert!(matches(r#"externalId eq "Ext-1""#, &user()));
    assert!(!matches(r#"externalId eq "ext-1""#, &user()));
    assert!(matches(
        r#"id eq "2819c223-7f76-453a-919d-413861904646""#,
        &user()
    ));
    assert!(!matches(
        r#"id eq "2819C223-7F76-453A-919D-413861904646""#,
        &user()
    ));
}

#[test]
fn members_value_and_meta_version_and_refs_compare_case_exactly() {
    assert!(matches(r#"members.value eq "AbC""#, &group()));
    assert!(!matches(r#"members.value eq "abc""#, &group()));
    assert!(matches(r#"members[value eq "AbC"]"#, &group()));
    assert!(!matches(r#"members[value eq "abc"]"#, &group()));
    assert!(matches(r#"meta.version eq "W/\"a330bc54\"""#, &user()));
    assert!(!matches(r#"meta.version eq "w/\"A330BC54\"""#, &user()));
    assert!(!matches(
        &format!(r#"{ENTERPRISE}:manager.$ref eq "../users/26118915-6090""#),
        &user()
    ));
    // Other sub-attributes of members are not case-exact.
    assert!(matches(r#"members.display eq "ADA""#, &group()));
}

#[test]
fn a_multi_valued_attribute_matches_when_any_element_matches() {
    assert!(matches(r#"emails.value eq "babs@jensen.org""#, &user()));
    assert!(matches(r#"members.value eq "def""#, &group()));
    assert!(matches(r#"emails.type eq "home""#, &user()));
    assert!(!matches(r#"emails.type eq "other""#, &user()));
}

#[test]
fn a_complex_value_without_a_sub_attribute_compares_by_its_value() {
    assert!(matches(r#"emails eq "babs@jensen.org""#, &user()));
    assert!(matches(r#"emails co "jensen.org""#, &user()));
}

#[test]
fn ne_is_true_when_no_value_is_equal_including_when_the_attribute_is_absent() {
    assert!(matches(r#"displayName ne "someone""#, &user()));
    assert!(!matches(r#"userName ne "bjensen@example.com""#, &user()));
    assert!(matches(r#"profileUrl ne "x""#, &user()));
    assert!(!matches(r#"emails.type ne "work""#, &user()));
}

#[test]
fn co_sw_and_ew_match_substrings_ignoring_case() {
    assert!(matches(r#"userName co "JENSEN""#, &user()));
    assert!(matches(r#"userName sw "bjen""#, &user()));
    assert!(matches(r#"userName ew "@EXAMPLE.COM""#, &user()));
    assert!(!matches(r#"userName sw "example""#, &user()));
    assert!(!matches(r#"userName ew "bjensen""#, &user()));
    assert!(matches(r#"name.familyName co "ens""#, &user()));
}

#[test]
fn ordering_operators_compare_rfc3339_dates_lexically() {
    assert!(matches(
        r#"meta.lastModified gt "2024-01-01T00:00:00Z""#,
        &user()
    ));
    assert!(!matches(
        r#"meta.lastModified lt "2024-01-01T00:00:00Z""#,
        &user()
    ));
    assert!(matches(
        r#"meta.created ge "2024-01-23T04:56:22Z""#,
        &user()
    ));
    assert!(matches(
        r#"meta.created le "2024-01-23T04:56:22Z""#,
        &user()
    ));
    assert!(!matches(
        r#"meta.created gt "2024-01-23T04:56:22Z""#,
        &user()
    ));
}

#[test]
fn ordering_operators_compare_numbers_numerically() {
    assert!(matches("loginCount gt 9", &user()));
    assert!(matches("loginCount ge 42", &user()));
    assert!(matches("loginCount le 42.0", &user()));
    assert!(!matches("loginCount lt 42", &user()));
    assert!(matches("loginCount gt -1.5e3", &user()));
    assert!(matches("loginCount eq 4.2e1", &user()));
}

#[test]
fn ordering_operators_on_booleans_are_an_invalid_filter() {
    assert!(error("active gt true").message().contains("boolean"));
    assert!(error(r#"active gt "a""#).message().contains("boolean"));
    assert!(
        error(r#"emails[primary ge "x"]"#)
            .message()
            .contains("boolean")
    );
    assert!(error("title lt null").message().contains("null"));
}

#[test]
fn substring_operators_need_a_string() {
    assert!(error("loginCount co 4").message().contains("string"));
    assert!(error("active sw true").message().contains("string"));
}

#[test]
fn pr_is_false_for_null_empty_string_empty_array_and_missing() {
    assert!(matches("displayName pr", &user()));
    assert!(matches("emails pr", &user()));
    assert!(matches("active pr", &user()));
    assert!(!matches("title pr", &user()));
    assert!(!matches("nickName pr", &user()));
    assert!(!matches("phoneNumbers pr", &user()));
    assert!(!matches("profileUrl pr", &user()));
    assert!(matches("name.givenName pr", &user()));
    assert!(!matches("name.middleName pr", &user()));
}

#[test]
fn and_binds_tighter_than_or() {
    let filter = parse(r#"title pr or userName sw "b" and active eq false"#).unwrap();
    let Filter::Or(items) = &filter else {
        panic!("expected or at the top: {filter:?}")
    };
    assert!(matches!(items[1], Filter::And(_)));
    // false or (true and false)
    assert!(!filter.matches(&user()));
    // (false or true) and false  — parentheses regroup
    assert!(!matches(
        r#"(title pr or userName sw "b") and active eq false"#,
        &user()
    ));
    // false or true and true
    assert!(matches(
        r#"title pr or userName sw "b" and active eq true"#,
        &user()
    ));
}

#[test]
fn not_binds_tighter_than_and() {
    assert!(matches(r#"not (title pr) and active eq true"#, &user()));
    assert!(!matches(
        r#"not (title pr and active eq true) and title pr"#,
        &user()
    ));
    assert!(matches(r#"NOT(userName eq "x")"#, &user()));
    assert!(!matches(
        r#"not ( userName eq "bjensen@example.com" )"#,
        &user()
    ));
}

#[test]
fn parentheses_override_precedence() {
    let grouped = parse(r#"(title pr or active eq true) and displayName pr"#).unwrap();
    assert!(matches!(grouped, Filter::And(_)));
    assert!(grouped.matches(&user()));
    assert!(matches(r#"((((userName pr))))"#, &user()));
}

#[test]
fn a_value_path_alone_matches_when_an_element_satisfies_it() {
    assert!(matches(r#"emails[type eq "work"]"#, &user()));
    assert!(matches(
        r#"emails[type eq "work" and primary eq true]"#,
        &user()
    ));
    assert!(!matches(
        r#"emails[type eq "home" and primary eq true]"#,
        &user()
    ));
    assert!(matches(
        r#"emails[type eq "home" or type eq "other"]"#,
        &user()
    ));
    assert!(matches(r#"emails[not (type eq "work")]"#, &user()));
    assert!(!matches(r#"phoneNumbers[type eq "work"]"#, &user()));
}

#[test]
fn a_value_path_with_a_sub_attribute_tests_the_same_element() {
    assert!(matches(
        r#"emails[type eq "work" and primary eq true].value eq "bjensen@example.com""#,
        &user()
    ));
    // babs@jensen.org exists, but not as the work email.
    assert!(!matches(
        r#"emails[type eq "work"].value eq "babs@jensen.org""#,
        &user()
    ));
    assert!(matches(r#"emails[type eq "home"].value pr"#, &user()));
    assert!(matches(
        r#"emails[type eq "home"].value ew "jensen.org" and userName pr"#,
        &user()
    ));
}

#[test]
fn a_sub_attribute_reads_inside_a_complex_attribute() {
    assert!(matches(r#"name.familyName eq "jensen""#, &user()));
    assert!(matches(r#"Name.FamilyName eq "Jensen""#, &user()));
    assert!(!matches(r#"name.givenName eq "Jensen""#, &user()));
}

#[test]
fn a_urn_prefix_selects_the_extension_object() {
    assert!(matches(
        &format!("{PLATFORM}:isTeamAccount eq true"),
        &user()
    ));
    assert!(!matches(
        &format!("{PLATFORM}:isTeamAccount eq false"),
        &user()
    ));
    assert!(matches(
        &format!(r#"{ENTERPRISE}:manager.value eq "26118915-6090""#),
        &user()
    ));
    assert!(matches(
        &format!(r#"{ENTERPRISE}:department sw "tour""#),
        &user()
    ));
    // The attribute is not at the top level of the resource.
    assert!(!matches(r#"department sw "tour""#, &user()));
    // URNs and names are case-insensitive.
    assert!(matches(
        &format!("{}:ISTEAMACCOUNT eq true", PLATFORM.to_uppercase()),
        &user()
    ));
}

#[test]
fn a_core_urn_prefix_means_the_top_level_attribute() {
    assert!(matches(
        r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "bjensen@example.com""#,
        &user()
    ));
    assert!(matches(
        r#"urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq "Jensen""#,
        &user()
    ));
    assert!(matches(
        r#"urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq "admins""#,
        &group()
    ));
}

#[test]
fn string_literals_decode_json_escapes() {
    assert!(matches(r#"displayName eq "Babs \"B\" Jensen""#, &user()));
    assert!(matches(r#"displayName sw "\u0042abs""#, &user()));
    assert!(
        error(r#"displayName eq "bad \q escape""#)
            .message()
            .contains("not valid")
    );
}

#[test]
fn null_true_and_false_are_literals() {
    assert!(matches("nickName eq null", &user()));
    assert!(matches("profileUrl eq null", &user()));
    assert!(!matches("displayName eq null", &user()));
    assert!(matches("displayName ne null", &user()));
    assert!(matches("active eq TRUE", &user()));
    assert!(!matches("active eq false", &user()));
}

#[test]
fn entra_string_booleans_match_boolean_literals() {
    let resource = json!({"active": "False"});
    assert!(matches("active eq false", &resource));
    assert!(!matches("active eq true", &resource));
}

#[test]
fn keys_of_the_resource_are_looked_up_case_insensitively() {
    let resource = json!({"UserName": "x@example.com", "Emails": [{"Value": "y@example.com"}]});
    assert!(matches(r#"userName eq "x@example.com""#, &resource));
    assert!(matches(r#"emails.value eq "y@example.com""#, &resource));
}

#[test]
fn an_attribute_called_not_is_still_an_attribute() {
    assert!(matches(r#"not eq "x""#, &json!({"not": "x"})));
}

#[test]
fn a_long_or_chain_within_the_length_cap_parses_flat_and_evaluates() {
    let ids: Vec<String> = (0..150).map(|i| format!(r#"id eq "u{i}""#)).collect();
    let input = ids.join(" or ");
    assert!(input.chars().count() <= MAX_FILTER_LEN);
    let filter = parse(&input).unwrap();
    let Filter::Or(items) = &filter else {
        panic!("expected one flat or")
    };
    assert_eq!(items.len(), 150);
    assert!(filter.matches(&json!({"id": "u149"})));
    assert!(!filter.matches(&json!({"id": "u150"})));
}

#[test]
fn equality_is_offered_only_for_a_single_string_eq_comparison() {
    let filter = parse(r#"userName eq "ada@example.com""#).unwrap();
    let (attr, value) = filter.equality().unwrap();
    assert!(attr.is("username"));
    assert_eq!(value, "ada@example.com");

    let grouped = parse(r#"(externalId eq "e1")"#).unwrap();
    assert!(grouped.equality().unwrap().0.is("externalId"));

    for other in [
        r#"userName eq "a" and active eq true"#,
        r#"userName ne "a""#,
        r#"userName co "a""#,
        "loginCount eq 4",
        "active eq true",
        r#"emails[value eq "a"]"#,
        r#"not (userName eq "a")"#,
    ] {
        assert!(parse(other).unwrap().equality().is_none(), "{other}");
    }
}

#[test]
fn attr_path_is_matches_plain_and_core_qualified_top_level_attributes_only() {
    let plain = AttrPath::plain("userName");
    assert!(plain.is("USERNAME"));
    let core = parse(r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a""#).unwrap();
    assert!(core.equality().unwrap().0.is("userName"));
    let sub = parse(r#"name.givenName eq "a""#).unwrap();
    assert!(!sub.equality().unwrap().0.is("name"));
    let ext = parse(&format!(r#"{ENTERPRISE}:department eq "a""#)).unwrap();
    assert!(!ext.equality().unwrap().0.is("department"));
}

#[test]
fn errors_say_what_failed_and_at_which_character() {
    let e = error(r#"userName equals "x""#);
    assert_eq!(e.offset(), 9);
    assert!(e.message().contains("expected an operator"), "{e}");
    assert!(e.to_string().contains("character offset 9"), "{e}");

    let e = error(r#"userName eq "x" nor active pr"#);
    assert_eq!(e.offset(), 16);

    let e = error(r#"userName eq "unterminated"#);
    assert_eq!(e.offset(), 12);
    assert!(e.message().contains("not closed"));

    let e = error(r#"(userName eq "x""#);
    assert!(e.message().contains("`)`"), "{e}");
    assert_eq!(e.offset(), 16);

    let e = error(r#"emails[type eq "work""#);
    assert!(e.message().contains("`]`"), "{e}");

    let e = error("userName eq bob");
    assert!(e.message().contains("`bob`"), "{e}");
    assert_eq!(e.offset(), 12);

    let e = error(r#"userName eq "x" and"#);
    assert!(e.message().contains("attribute name"), "{e}");

    let e = error(r#"é eq "x""#);
    assert_eq!(e.offset(), 0);
}

#[test]
fn an_empty_filter_is_refused() {
    assert_eq!(error("").offset(), 0);
    assert!(error("   ").message().contains("empty"));
}

#[test]
fn malformed_attribute_paths_are_refused() {
    assert!(
        error(r#"a.b.c eq "x""#)
            .message()
            .contains("more than one sub-attribute")
    );
    assert!(
        error(r#"name. eq "x""#)
            .message()
            .contains("attribute name")
    );
    assert!(
        error(r#"1abc eq "x""#)
            .message()
            .contains("start with a letter")
    );
    assert!(error(r#"foo:bar eq "x""#).message().contains("URN"));
    assert!(error(r#"emails[]"#).message().contains("empty"));
    assert!(
        error(r#"name.givenName[value eq "x"]"#)
            .message()
            .contains("sub-attribute")
    );
}

#[test]
fn value_paths_cannot_nest() {
    let e = error(r#"emails[type[value eq "x"] pr]"#);
    assert!(e.message().contains("nested"), "{e}");
}

#[test]
fn input_longer_than_the_cap_is_refused() {
    let input = format!(r#"userName eq "{}""#, "a".repeat(MAX_FILTER_LEN));
    let e = error(&input);
    assert_eq!(e.offset(), MAX_FILTER_LEN);
    assert!(e.message().contains("4096"));
    let hostile = "(".repeat(1_000_000);
    assert!(error(&hostile).message().contains("longer"));
}

#[test]
fn nesting_up_to_the_depth_cap_parses_and_one_more_level_is_refused() {
    let at_cap = format!(
        "{}userName pr{}",
        "(".repeat(MAX_DEPTH),
        ")".repeat(MAX_DEPTH)
    );
    assert!(matches(&at_cap, &user()));
    let over = format!(
        "{}userName pr{}",
        "(".repeat(MAX_DEPTH + 1),
        ")".repeat(MAX_DEPTH + 1)
    );
    let e = error(&over);
    assert!(e.message().contains("nested"), "{e}");
    assert_eq!(e.offset(), MAX_DEPTH);
}

#[test]
fn deep_hostile_nesting_is_refused_without_exhausting_the_stack() {
    let nots = "not (".repeat(800);
    assert!(nots.chars().count() <= MAX_FILTER_LEN);
    assert!(error(&nots).message().contains("nested"));
    let brackets = format!("emails[{}", "(".repeat(4000));
    assert!(error(&brackets).message().contains("nested"));
}

#[test]
fn a_filter_error_becomes_a_400_invalid_filter() {
    let response = ScimError::from(error("userName zz")).into_response();
    assert_eq!(response.status(), 400);
    let failure = response.extensions().get::<Failure>().unwrap();
    assert_eq!(failure.scim_type, Some("invalidFilter"));
    assert!(
        failure.detail.contains("character offset 9"),
        "{}",
        failure.detail
    );
}

#[test]
fn patch_paths_parse_in_every_form() {
    let plain = parse_path("displayName").unwrap();
    assert!(plain.attr.is("displayName") && plain.filter.is_none());

    let sub = parse_path("name.givenName").unwrap();
    assert_eq!(sub.attr.sub_attr.as_deref(), Some("givenName"));

    let urn = parse_path(&format!("{PLATFORM}:isTeamAccount")).unwrap();
    assert_eq!(urn.attr.extension(), Some(PLATFORM));
    assert_eq!(urn.attr.name, "isTeamAccount");

    let filtered = parse_path(r#"emails[type eq "work"].value"#).unwrap();
    assert_eq!(filtered.attr.name, "emails");
    assert_eq!(filtered.attr.sub_attr.as_deref(), Some("value"));
    assert!(
        filtered
            .filter
            .unwrap()
            .matches_element("emails", &json!({"type": "Work"}))
    );

    let members = parse_path(r#"members[value eq "abc"]"#).unwrap();
    assert!(members.attr.sub_attr.is_none());
    assert!(
        !members
            .filter
            .unwrap()
            .matches_element("members", &json!({"value": "ABC"}))
    );
}

#[test]
fn malformed_patch_paths_are_refused() {
    assert!(parse_path("").is_err());
    assert!(parse_path("emails[type eq]").is_err());
    assert!(parse_path(r#"emails[type eq "work"] extra"#).is_err());
    assert!(parse_path("a.b.c").is_err());
    assert!(parse_path(r#"emails[type eq "work"]."#).is_err());
}

#[test]
fn equalities_list_the_terms_of_an_and_of_eq_comparisons() {
    let filter = parse(r#"type eq "work" and primary eq true"#).unwrap();
    let terms = filter.equalities().unwrap();
    assert_eq!(terms.len(), 2);
    assert_eq!(terms[1].1, &CompValue::Bool(true));
    assert!(
        parse(r#"type eq "work" or primary eq true"#)
            .unwrap()
            .equalities()
            .is_none()
    );
}

#[test]
fn an_equality_on_an_indexed_attribute_names_its_index_in_any_case() {
    let indexes = [("userName", 1), ("externalId", 2)];
    let by_name = parse(r#"USERNAME eq "Ada""#).unwrap();
    let by_external = parse(r#"externalId eq "00u1""#).unwrap();
    assert_eq!(by_name.indexed_by(&indexes), Some((1, "Ada")));
    assert_eq!(by_external.indexed_by(&indexes), Some((2, "00u1")));
    assert_eq!(
        parse(r#"displayName eq "Ada""#)
            .unwrap()
            .indexed_by(&indexes),
        None
    );
    assert_eq!(
        parse(r#"userName sw "A""#).unwrap().indexed_by(&indexes),
        None
    );
    assert_eq!(
        parse(r#"userName eq "a" and active eq true"#)
            .unwrap()
            .indexed_by(&indexes),
        None
    );
}
