//! The people and groups an IdP assigns to the project, made up from the seed.
//!
//! Names come from short lists and are made unique with a counter (`ada.lovelace2@…`), so
//! 100,000 people cost one hash lookup each. Nothing here touches the network.

use std::collections::HashMap;

use rand::RngExt;
use rand::rngs::ChaCha8Rng;

use super::dialect::Dialect;

/// The domain every made-up address is in (reserved for examples, RFC 2606).
pub const DOMAIN: &str = "example.com";

/// Index of a person in [`super::plan::Plan::people`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonId(pub usize);

/// Index of a group in [`super::plan::Plan::groups`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupId(pub usize);

/// An IdP account: what does not change while the story plays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The login name the IdP sends (usually the email; "email prefix" for some Okta apps).
    pub user_name: String,
    /// The primary email (deliberately not an address for broken-mapping stories).
    pub email: String,
    /// The IdP's own id for the account (`00u…` for Okta, a GUID for Entra).
    pub external_id: String,
    /// Whose client pushes this person.
    pub dialect: Dialect,
}

/// The attributes of a person the IdP pushes and an admin changes in the IdP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// `name.givenName`.
    pub given_name: String,
    /// `name.familyName`.
    pub family_name: String,
    /// `title`.
    pub title: String,
    /// The platform extension's `isTeamAccount`: true is a User (a seat), false a Reader.
    pub team_account: bool,
    /// `active`.
    pub active: bool,
}

impl Profile {
    /// "Given Family".
    pub fn display_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }

    /// Every attribute an update can carry, with this profile's values (a full re-sync).
    pub fn all_changes(&self) -> Vec<Change> {
        vec![
            Change::GivenName(self.given_name.clone()),
            Change::FamilyName(self.family_name.clone()),
            Change::Title(self.title.clone()),
            Change::TeamAccount(self.team_account),
        ]
    }
}

/// One attribute changed in the IdP (Entra sends only these; Okta sends the whole profile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new given name.
    GivenName(String),
    /// A new family name (and so display name).
    FamilyName(String),
    /// A new job title.
    Title(String),
    /// User (true) or Reader (false).
    TeamAccount(bool),
}

impl Change {
    /// Applies the change to a profile.
    pub fn apply(&self, profile: &mut Profile) {
        match self {
            Change::GivenName(v) => profile.given_name.clone_from(v),
            Change::FamilyName(v) => profile.family_name.clone_from(v),
            Change::Title(v) => profile.title.clone_from(v),
            Change::TeamAccount(v) => profile.team_account = *v,
        }
    }
}

/// A group the IdP pushes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Its unique name.
    pub display_name: String,
    /// The IdP's own id for it.
    pub external_id: String,
    /// Whose client pushes it.
    pub dialect: Dialect,
}

const GIVEN: [&str; 40] = [
    "Ada", "Alan", "Amara", "Ananya", "Arjun", "Beatriz", "Bjorn", "Chen", "Chloe", "Dmitri",
    "Elena", "Emeka", "Farah", "Gustavo", "Hana", "Ines", "Jamal", "Jonas", "Kavya", "Kenji",
    "Lars", "Leila", "Lucia", "Marta", "Mateo", "Mei", "Nadia", "Noah", "Olga", "Omar", "Priya",
    "Rafael", "Sade", "Sofia", "Tariq", "Thandiwe", "Wei", "Yara", "Yusuf", "Zoe",
];

const FAMILY: [&str; 40] = [
    "Abebe", "Andersen", "Bauer", "Bianchi", "Costa", "Dubois", "Eze", "Fischer", "Garcia",
    "Gupta", "Haddad", "Hansen", "Ibrahim", "Ivanova", "Jensen", "Kim", "Kowalski", "Lopez",
    "Mensah", "Moreau", "Nakamura", "Nguyen", "Novak", "Okafor", "Olsen", "Patel", "Petrov",
    "Quispe", "Rossi", "Sato", "Schmidt", "Silva", "Singh", "Tanaka", "Torres", "Varga", "Wagner",
    "Yilmaz", "Zhang", "Zulu",
];

const TITLES: [&str; 12] = [
    "Technical Writer",
    "Senior Technical Writer",
    "Documentation Manager",
    "Support Engineer",
    "Product Manager",
    "Software Engineer",
    "Customer Success Manager",
    "Developer Advocate",
    "Localization Specialist",
    "QA Engineer",
    "Solutions Architect",
    "Editor",
];

const DEPARTMENTS: [&str; 12] = [
    "Documentation",
    "Engineering",
    "Support",
    "Product",
    "Customer Success",
    "Developer Relations",
    "Localization",
    "Quality",
    "Sales Engineering",
    "Marketing",
    "Training",
    "Release Management",
];

const SITES: [&str; 8] = [
    "Berlin",
    "Chennai",
    "London",
    "Austin",
    "Sydney",
    "Toronto",
    "Nairobi",
    "Sao Paulo",
];

/// Makes up people and groups with unique names, drawing from the plan's RNG.
#[derive(Debug, Default)]
pub struct Names {
    user_names: HashMap<String, u32>,
    group_names: HashMap<String, u32>,
}

impl Names {
    /// A fresh, unique person: email-style userName, and a profile.
    pub fn person(&mut self, rng: &mut ChaCha8Rng, dialect: Dialect) -> (Person, Profile) {
        let given = pick(rng, &GIVEN);
        let family = pick(rng, &FAMILY);
        let local = unique(
            &mut self.user_names,
            format!("{}.{}", given.to_lowercase(), family.to_lowercase()),
            "",
        );
        let email = format!("{local}@{DOMAIN}");
        let person = Person {
            user_name: email.clone(),
            email,
            external_id: external_id(rng, dialect),
            dialect,
        };
        let profile = Profile {
            given_name: given.to_owned(),
            family_name: family.to_owned(),
            title: self.title(rng),
            team_account: false,
            active: true,
        };
        (person, profile)
    }

    /// A job title.
    pub fn title(&mut self, rng: &mut ChaCha8Rng) -> String {
        pick(rng, &TITLES).to_owned()
    }

    /// A family name (for a name change).
    pub fn family_name(&mut self, rng: &mut ChaCha8Rng) -> String {
        pick(rng, &FAMILY).to_owned()
    }

    /// A fresh, unique group ("Documentation Berlin", "Documentation Berlin 2", …).
    pub fn group(&mut self, rng: &mut ChaCha8Rng, dialect: Dialect) -> Group {
        let base = format!("{} {}", pick(rng, &DEPARTMENTS), pick(rng, &SITES));
        let display_name = unique(&mut self.group_names, base, " ");
        Group {
            display_name,
            external_id: external_id(rng, dialect),
            dialect,
        }
    }
}

/// `base`, or `base{separator}2`, `base{separator}3`, … when taken.
fn unique(taken: &mut HashMap<String, u32>, base: String, separator: &str) -> String {
    let count = taken.entry(base.clone()).or_insert(0);
    *count += 1;
    if *count == 1 {
        base
    } else {
        format!("{base}{separator}{count}")
    }
}

fn pick<'a>(rng: &mut ChaCha8Rng, from: &[&'a str]) -> &'a str {
    from[rng.random_range(0..from.len())]
}

/// An id in the IdP's own format.
fn external_id(rng: &mut ChaCha8Rng, dialect: Dialect) -> String {
    const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    match dialect {
        Dialect::Okta => {
            let tail: String = (0..17)
                .map(|_| char::from(BASE62[rng.random_range(0..BASE62.len())]))
                .collect();
            format!("00u{tail}")
        }
        Dialect::Entra => {
            let a: u32 = rng.random();
            let b: u16 = rng.random();
            let c: u16 = rng.random();
            let d: u16 = rng.random();
            let e: u64 = rng.random::<u64>() & 0xffff_ffff_ffff;
            format!("{a:08x}-{b:04x}-{c:04x}-{d:04x}-{e:012x}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn made_up_user_names_are_unique_even_when_names_repeat() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut names = Names::default();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..5_000 {
            let (person, _) = names.person(&mut rng, Dialect::Okta);
            assert!(person.user_name.ends_with("@example.com"));
            assert!(
                seen.insert(person.user_name.to_lowercase()),
                "{}",
                person.user_name
            );
        }
    }

    #[test]
    fn group_names_are_unique() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut names = Names::default();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..500 {
            assert!(seen.insert(names.group(&mut rng, Dialect::Entra).display_name));
        }
    }

    #[test]
    fn external_ids_look_like_the_idps_own() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let okta = external_id(&mut rng, Dialect::Okta);
        assert!(okta.starts_with("00u") && okta.len() == 20, "{okta}");
        let entra = external_id(&mut rng, Dialect::Entra);
        assert_eq!(entra.len(), 36, "{entra}");
        assert_eq!(entra.matches('-').count(), 4);
    }
}
