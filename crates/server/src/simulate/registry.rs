//! The ids the server gave, as the IdP remembers them: set once, read by any worker.

use std::sync::OnceLock;

use super::people::{GroupId, PersonId};
use super::plan::Ids;

/// SCIM ids of people and groups, by index; empty until the server answers with one.
#[derive(Debug)]
pub struct Registry {
    people: Vec<OnceLock<String>>,
    groups: Vec<OnceLock<String>>,
    invited: Vec<OnceLock<String>>,
}

impl Registry {
    /// An empty registry for `people` people and `groups` groups.
    pub fn new(people: usize, groups: usize) -> Registry {
        Registry {
            people: (0..people).map(|_| OnceLock::new()).collect(),
            groups: (0..groups).map(|_| OnceLock::new()).collect(),
            invited: (0..people).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Remembers a person's id (the first one given wins).
    pub fn set_person(&self, person: PersonId, id: String) {
        if let Some(slot) = self.people.get(person.0) {
            let _ = slot.set(id);
        }
    }

    /// Remembers a group's id (the first one given wins).
    pub fn set_group(&self, group: GroupId, id: String) {
        if let Some(slot) = self.groups.get(group.0) {
            let _ = slot.set(id);
        }
    }

    /// Remembers the id of the project-native identity invited for a person's email.
    pub fn set_invited(&self, person: PersonId, id: String) {
        if let Some(slot) = self.invited.get(person.0) {
            let _ = slot.set(id);
        }
    }

    /// The ids of the people, by index.
    pub fn people(&self) -> Vec<Option<String>> {
        self.people.iter().map(|s| s.get().cloned()).collect()
    }

    /// The ids of the groups, by index.
    pub fn groups(&self) -> Vec<Option<String>> {
        self.groups.iter().map(|s| s.get().cloned()).collect()
    }

    /// The ids of invited project-native identities, by the person whose email they have.
    pub fn invited(&self) -> Vec<Option<String>> {
        self.invited.iter().map(|s| s.get().cloned()).collect()
    }
}

impl Ids for Registry {
    fn person(&self, person: PersonId) -> Option<String> {
        self.people.get(person.0)?.get().cloned()
    }

    fn group(&self, group: GroupId) -> Option<String> {
        self.groups.get(group.0)?.get().cloned()
    }
}
