//! How Okta and Entra phrase the same intent as SCIM requests.
//!
//! Every function here is pure: it turns a person, a group and the ids the server gave them into
//! a [`Request`]. The runner sends them; the dry run prints them with placeholder ids.

use reqwest::Method;
use scim_sync_core::scim::{
    GROUP_SCHEMA, IS_TEAM_ACCOUNT, PATCH_OP_SCHEMA, PLATFORM_USER_SCHEMA, USER_SCHEMA,
};
use serde_json::{Map, Value, json};

use super::people::{Change, Group, Person, Profile};

/// Okta's User-Agent.
pub const OKTA_USER_AGENT: &str = "Okta SCIM Client 1.0.0";
/// Entra's User-Agent (the server recognises "Azure").
pub const ENTRA_USER_AGENT: &str = "Azure AD SCIM Client";
/// How many members Entra adds or removes per PATCH.
pub const ENTRA_MEMBER_BATCH: usize = 50;

/// Whose SCIM client a request imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// Okta: lookups before creates, PUT for profile updates, `replace` of `active`, group
    /// members pushed as a full `replace`.
    Okta,
    /// Entra: capitalised ops, string booleans, path-less `Replace` with dotted and URN keys,
    /// `excludedAttributes=members`, members added in batches.
    Entra,
}

/// One SCIM request, relative to the SCIM base (`/Users?…`).
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// Whose client sends it.
    pub dialect: Dialect,
    /// The HTTP method.
    pub method: Method,
    /// Path and query under `/scim/v2`, already percent-encoded.
    pub path: String,
    /// The JSON body, if any.
    pub body: Option<Value>,
    /// Sent with a token the server does not know (an old IdP connection).
    pub revoked_token: bool,
}

/// A group member as the IdP names it: the SCIM id, or the userName when the member's own
/// provisioning failed and the IdP has no id for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRef {
    /// The id (or userName).
    pub value: String,
    /// The member's userName (Okta sends it as `display`).
    pub display: String,
}

impl Dialect {
    /// The User-Agent header.
    pub fn user_agent(self) -> &'static str {
        match self {
            Dialect::Okta => OKTA_USER_AGENT,
            Dialect::Entra => ENTRA_USER_AGENT,
        }
    }

    /// The name the summary shows.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Okta => "Okta",
            Dialect::Entra => "Entra",
        }
    }

    fn request(self, method: Method, path: String, body: Option<Value>) -> Request {
        Request {
            dialect: self,
            method,
            path,
            body,
            revoked_token: false,
        }
    }

    /// The PATCH op name as this client spells it.
    fn op(self, op: &'static str) -> &'static str {
        match (self, op) {
            (Dialect::Entra, "add") => "Add",
            (Dialect::Entra, "replace") => "Replace",
            (Dialect::Entra, "remove") => "Remove",
            _ => op,
        }
    }

    /// A boolean as this client sends it (Entra: `"True"` / `"False"`).
    fn boolean(self, value: bool) -> Value {
        match (self, value) {
            (Dialect::Okta, b) => json!(b),
            (Dialect::Entra, true) => json!("True"),
            (Dialect::Entra, false) => json!("False"),
        }
    }

    /// The lookup before a create: `GET /Users?filter=userName eq "…"`.
    pub fn find_user(self, user_name: &str) -> Request {
        let filter = encode(&format!("userName eq \"{}\"", escape(user_name)));
        let path = match self {
            Dialect::Okta => format!("/Users?filter={filter}&startIndex=1&count=100"),
            Dialect::Entra => format!("/Users?filter={filter}"),
        };
        self.request(Method::GET, path, None)
    }

    /// `POST /Users`.
    pub fn create_user(self, person: &Person, profile: &Profile) -> Request {
        self.request(
            Method::POST,
            "/Users".into(),
            Some(self.user_resource(person, profile, None)),
        )
    }

    /// A profile update: Okta PUTs the whole resource; Entra PATCHes the changed attributes in
    /// one path-less `Replace` with dotted and URN keys.
    pub fn update_user(
        self,
        id: &str,
        person: &Person,
        profile: &Profile,
        changes: &[Change],
    ) -> Request {
        match self {
            Dialect::Okta => self.request(
                Method::PUT,
                format!("/Users/{}", encode(id)),
                Some(self.user_resource(person, profile, Some(id))),
            ),
            Dialect::Entra => {
                let mut value = Map::new();
                for change in changes {
                    match change {
                        Change::GivenName(v) => {
                            value.insert("name.givenName".into(), json!(v));
                            value.insert("displayName".into(), json!(profile.display_name()));
                        }
                        Change::FamilyName(v) => {
                            value.insert("name.familyName".into(), json!(v));
                            value.insert("displayName".into(), json!(profile.display_name()));
                        }
                        Change::Title(v) => {
                            value.insert("title".into(), json!(v));
                        }
                        Change::TeamAccount(v) => {
                            value.insert(
                                format!("{PLATFORM_USER_SCHEMA}:{IS_TEAM_ACCOUNT}"),
                                self.boolean(*v),
                            );
                        }
                    }
                }
                self.patch_user(id, vec![json!({"op": self.op("replace"), "value": value})])
            }
        }
    }

    /// Deactivation or re-activation. Okta: path-less `replace` of `active`; Entra: `Replace`
    /// of path `active` with a string boolean.
    pub fn set_active(self, id: &str, active: bool) -> Request {
        let operation = match self {
            Dialect::Okta => json!({"op": "replace", "value": {"active": active}}),
            Dialect::Entra => {
                json!({"op": "Replace", "path": "active", "value": self.boolean(active)})
            }
        };
        self.patch_user(id, vec![operation])
    }

    /// A PATCH whose path a misconfigured attribute mapping broke (an unclosed filter).
    pub fn bad_patch_path(self, id: &str, person: &Person) -> Request {
        self.patch_user(
            id,
            vec![json!({
                "op": self.op("replace"),
                "path": "emails[type eq \"work\".value",
                "value": person.email,
            })],
        )
    }

    /// `POST /Users` from a mapping that sends no userName.
    pub fn create_user_without_user_name(self, person: &Person, profile: &Profile) -> Request {
        let mut body = self.user_resource(person, profile, None);
        if let Some(object) = body.as_object_mut() {
            object.remove("userName");
        }
        self.request(Method::POST, "/Users".into(), Some(body))
    }

    fn patch_user(self, id: &str, operations: Vec<Value>) -> Request {
        self.request(
            Method::PATCH,
            format!("/Users/{}", encode(id)),
            Some(json!({"schemas": [PATCH_OP_SCHEMA], "Operations": operations})),
        )
    }

    /// The User resource this client sends on create (and Okta on PUT, with the id).
    fn user_resource(self, person: &Person, profile: &Profile, id: Option<&str>) -> Value {
        let mut body = match self {
            Dialect::Okta => json!({
                "schemas": [USER_SCHEMA, PLATFORM_USER_SCHEMA],
                "userName": person.user_name,
                "externalId": person.external_id,
                "name": {"givenName": profile.given_name, "familyName": profile.family_name},
                "displayName": profile.display_name(),
                "title": profile.title,
                "emails": [{"primary": true, "value": person.email, "type": "work"}],
                "active": profile.active,
                "groups": [],
                PLATFORM_USER_SCHEMA: {IS_TEAM_ACCOUNT: profile.team_account},
            }),
            Dialect::Entra => json!({
                "schemas": [USER_SCHEMA, PLATFORM_USER_SCHEMA],
                "externalId": person.external_id,
                "userName": person.user_name,
                "active": profile.active,
                "displayName": profile.display_name(),
                "title": profile.title,
                "emails": [{"primary": true, "type": "work", "value": person.email}],
                "name": {
                    "formatted": profile.display_name(),
                    "familyName": profile.family_name,
                    "givenName": profile.given_name,
                },
                PLATFORM_USER_SCHEMA: {IS_TEAM_ACCOUNT: self.boolean(profile.team_account)},
            }),
        };
        if let (Some(id), Some(object)) = (id, body.as_object_mut()) {
            object.insert("id".into(), json!(id));
        }
        body
    }

    /// The lookup before a group push: `GET /Groups?filter=displayName eq "…"`.
    pub fn find_group(self, display_name: &str) -> Request {
        let filter = encode(&format!("displayName eq \"{}\"", escape(display_name)));
        let path = match self {
            Dialect::Okta => format!("/Groups?filter={filter}&startIndex=1&count=100"),
            Dialect::Entra => format!("/Groups?excludedAttributes=members&filter={filter}"),
        };
        self.request(Method::GET, path, None)
    }

    /// `POST /Groups` with no members: both clients link members afterwards.
    pub fn create_group(self, group: &Group) -> Request {
        let body = match self {
            Dialect::Okta => json!({
                "schemas": [GROUP_SCHEMA],
                "displayName": group.display_name,
                "members": [],
            }),
            Dialect::Entra => json!({
                "schemas": [GROUP_SCHEMA],
                "externalId": group.external_id,
                "displayName": group.display_name,
                "members": [],
            }),
        };
        self.request(Method::POST, "/Groups".into(), Some(body))
    }

    /// Entra reads a group back without its members before changing them; Okta does not.
    pub fn confirm_group(self, id: &str) -> Option<Request> {
        match self {
            Dialect::Okta => None,
            Dialect::Entra => Some(self.request(
                Method::GET,
                format!("/Groups/{}?excludedAttributes=members", encode(id)),
                None,
            )),
        }
    }

    /// Links a new group's members. Okta: one full `replace` of `members` (with `display`);
    /// Entra: `Add` in batches.
    pub fn push_members(self, id: &str, members: &[MemberRef]) -> Vec<Request> {
        self.update_members(id, members, &[], members)
    }

    /// Changes a group's members. Okta replaces the whole list with `after`; Entra sends the
    /// additions and removals in batches.
    pub fn update_members(
        self,
        id: &str,
        add: &[MemberRef],
        remove: &[MemberRef],
        after: &[MemberRef],
    ) -> Vec<Request> {
        match self {
            Dialect::Okta => {
                let value: Vec<Value> = after
                    .iter()
                    .map(|m| json!({"value": m.value, "display": m.display}))
                    .collect();
                vec![self.patch_group(
                    id,
                    vec![json!({"op": "replace", "path": "members", "value": value})],
                )]
            }
            Dialect::Entra => {
                let mut requests = Vec::new();
                for (op, members) in [("add", add), ("remove", remove)] {
                    for batch in members.chunks(ENTRA_MEMBER_BATCH) {
                        let value: Vec<Value> =
                            batch.iter().map(|m| json!({"value": m.value})).collect();
                        requests.push(self.patch_group(
                            id,
                            vec![json!({"op": self.op(op), "path": "members", "value": value})],
                        ));
                    }
                }
                requests
            }
        }
    }

    /// How many of the requests [`Dialect::update_members`] sends would name a member in
    /// `unlinkable` (by position in `add`, or in `after` for Okta) — each is refused as a whole.
    pub fn refused_member_requests(
        self,
        add_unlinkable: &[bool],
        after_unlinkable: &[bool],
    ) -> u64 {
        match self {
            Dialect::Okta => u64::from(after_unlinkable.iter().any(|&u| u)),
            Dialect::Entra => add_unlinkable
                .chunks(ENTRA_MEMBER_BATCH)
                .filter(|batch| batch.iter().any(|&u| u))
                .count() as u64,
        }
    }

    /// How many requests [`Dialect::update_members`] sends.
    pub fn member_requests(self, add: usize, remove: usize) -> u64 {
        match self {
            Dialect::Okta => 1,
            Dialect::Entra => {
                (add.div_ceil(ENTRA_MEMBER_BATCH) + remove.div_ceil(ENTRA_MEMBER_BATCH)) as u64
            }
        }
    }

    fn patch_group(self, id: &str, operations: Vec<Value>) -> Request {
        self.request(
            Method::PATCH,
            format!("/Groups/{}", encode(id)),
            Some(json!({"schemas": [PATCH_OP_SCHEMA], "Operations": operations})),
        )
    }
}

/// Escapes a filter string value (RFC 7644 §3.4.2.2 uses JSON string rules).
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Percent-encodes everything but RFC 3986's unreserved characters (spaces become `%20`, as
/// the IdPs send them).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ada(dialect: Dialect) -> (Person, Profile) {
        (
            Person {
                user_name: "ada.lovelace@example.com".into(),
                email: "ada.lovelace@example.com".into(),
                external_id: "00u1".into(),
                dialect,
            },
            Profile {
                given_name: "Ada".into(),
                family_name: "Lovelace".into(),
                title: "Editor".into(),
                team_account: true,
                active: true,
            },
        )
    }

    #[test]
    fn okta_looks_a_user_up_by_url_encoded_user_name_before_creating_it() {
        let request = Dialect::Okta.find_user("ada.lovelace@example.com");
        assert_eq!(request.method, Method::GET);
        assert_eq!(
            request.path,
            "/Users?filter=userName%20eq%20%22ada.lovelace%40example.com%22&startIndex=1&count=100"
        );
    }

    #[test]
    fn okta_creates_users_with_a_boolean_is_team_account_and_updates_them_by_put() {
        let (person, profile) = ada(Dialect::Okta);
        let create = Dialect::Okta.create_user(&person, &profile);
        let body = create.body.unwrap();
        assert_eq!(body[PLATFORM_USER_SCHEMA][IS_TEAM_ACCOUNT], json!(true));
        assert_eq!(body["emails"][0]["primary"], json!(true));

        let update = Dialect::Okta.update_user("u-1", &person, &profile, &[]);
        assert_eq!(update.method, Method::PUT);
        assert_eq!(update.path, "/Users/u-1");
        assert_eq!(update.body.unwrap()["id"], "u-1");
    }

    #[test]
    fn okta_deactivates_with_a_path_less_replace_of_active() {
        let request = Dialect::Okta.set_active("u-1", false);
        assert_eq!(
            request.body.unwrap(),
            json!({"schemas": [PATCH_OP_SCHEMA],
                   "Operations": [{"op": "replace", "value": {"active": false}}]})
        );
    }

    #[test]
    fn okta_pushes_members_as_one_full_replace_with_display_names() {
        let members = [
            MemberRef {
                value: "u-1".into(),
                display: "a@example.com".into(),
            },
            MemberRef {
                value: "b@example.com".into(),
                display: "b@example.com".into(),
            },
        ];
        let requests = Dialect::Okta.push_members("g-1", &members);
        assert_eq!(requests.len(), 1);
        assert_eq!(
            requests[0].body.as_ref().unwrap()["Operations"][0],
            json!({"op": "replace", "path": "members", "value": [
                {"value": "u-1", "display": "a@example.com"},
                {"value": "b@example.com", "display": "b@example.com"},
            ]})
        );
    }

    #[test]
    fn entra_sends_capitalised_ops_string_booleans_and_dotted_and_urn_keys() {
        let (person, profile) = ada(Dialect::Entra);
        let request = Dialect::Entra.update_user(
            "u-1",
            &person,
            &profile,
            &[
                Change::GivenName("Augusta".into()),
                Change::TeamAccount(true),
            ],
        );
        assert_eq!(request.method, Method::PATCH);
        let operation = &request.body.unwrap()["Operations"][0];
        assert_eq!(operation["op"], "Replace");
        assert!(operation.get("path").is_none());
        assert_eq!(operation["value"]["name.givenName"], "Augusta");
        assert_eq!(
            operation["value"][format!("{PLATFORM_USER_SCHEMA}:{IS_TEAM_ACCOUNT}")],
            "True"
        );
        let deactivate = Dialect::Entra.set_active("u-1", false).body.unwrap();
        assert_eq!(
            deactivate["Operations"][0],
            json!({"op": "Replace", "path": "active", "value": "False"})
        );
        let create = Dialect::Entra.create_user(&person, &profile).body.unwrap();
        assert_eq!(create[PLATFORM_USER_SCHEMA][IS_TEAM_ACCOUNT], "True");
    }

    #[test]
    fn entra_reads_groups_without_members_and_adds_members_in_batches() {
        let confirm = Dialect::Entra.confirm_group("g-1").unwrap();
        assert_eq!(confirm.path, "/Groups/g-1?excludedAttributes=members");
        let members: Vec<MemberRef> = (0..ENTRA_MEMBER_BATCH + 1)
            .map(|i| MemberRef {
                value: format!("u-{i}"),
                display: format!("u{i}@example.com"),
            })
            .collect();
        let requests = Dialect::Entra.push_members("g-1", &members);
        assert_eq!(requests.len(), 2);
        let operation = &requests[1].body.as_ref().unwrap()["Operations"][0];
        assert_eq!(operation["op"], "Add");
        assert_eq!(operation["path"], "members");
        assert_eq!(
            operation["value"],
            json!([{"value": format!("u-{ENTRA_MEMBER_BATCH}")}])
        );
        assert_eq!(Dialect::Entra.member_requests(members.len(), 0), 2);
    }

    #[test]
    fn only_requests_naming_an_unlinkable_member_are_counted_as_refused() {
        let mut unlinkable = vec![false; ENTRA_MEMBER_BATCH * 2];
        unlinkable[ENTRA_MEMBER_BATCH + 3] = true;
        assert_eq!(
            Dialect::Entra.refused_member_requests(&unlinkable, &unlinkable),
            1
        );
        assert_eq!(
            Dialect::Okta.refused_member_requests(&unlinkable, &unlinkable),
            1
        );
        assert_eq!(Dialect::Okta.refused_member_requests(&[], &[false]), 0);
    }

    #[test]
    fn encoding_leaves_unreserved_characters_alone() {
        assert_eq!(encode("a-b_c.d~e"), "a-b_c.d~e");
        assert_eq!(encode("x eq \"é\""), "x%20eq%20%22%C3%A9%22");
    }
}
