//! Azure Policy checks (AZPOL-*): which assignments apply to a subscription or resource
//! (scope and `notScopes` by whole path segments), whether they are enforced, and the
//! effect a watched definition takes through them (CHECKS-2 Clarifications, AZPOL).

mod azpol_001_benchmark_initiative;
mod azpol_002_registry_image_vulnerabilities;
mod azpol_003_allowed_images;

use super::Check;
use super::shape::scope;
use crate::snapshot::policy::{PolicyAssignment, PolicyData, Resolved, Use, uses};
use crate::snapshot::{Fetched, eq_ci};
use serde_json::Value;
use std::collections::HashMap;

pub const CHECKS: &[Check] = &[
    azpol_001_benchmark_initiative::CHECK,
    azpol_002_registry_image_vulnerabilities::CHECK,
    azpol_003_allowed_images::CHECK,
];

/// Where an assignment applies, its scope and `notScopes` in canonical form, worked
/// out once per check run rather than once per judged resource.
pub struct Reach {
    /// The canonical scope, or None when the assignment has no scope (applies nowhere).
    scope: Option<String>,
    /// Canonical `notScopes`; a management-group entry excludes everything.
    excluded: Vec<String>,
    excludes_all: bool,
}

impl Reach {
    pub fn of(assignment: &PolicyAssignment) -> Reach {
        Reach {
            scope: assignment.scope.as_deref().map(|s| {
                // A management group or `/` in the subscription's list is above it.
                if scope::above_subscriptions(s) {
                    "/".to_string()
                } else {
                    scope::canonical(s)
                }
            }),
            excluded: assignment
                .not_scopes
                .iter()
                .map(|ns| scope::canonical(ns))
                .collect(),
            excludes_all: assignment
                .not_scopes
                .iter()
                .any(|ns| scope::above_subscriptions(ns)),
        }
    }

    /// Whether the assignment applies to the resource whose canonical ID is `id`: its
    /// scope is the resource or above it, and no `notScopes` entry is. A
    /// management-group `notScopes` entry is taken as excluding: which subscriptions
    /// the group holds is not read.
    pub fn covers(&self, id: &str) -> bool {
        self.scope
            .as_deref()
            .is_some_and(|s| scope::canonical_under(id, s))
            && !self.excludes_all
            && !self
                .excluded
                .iter()
                .any(|ns| scope::canonical_under(id, ns))
    }
}

/// Whether `assignment` applies to `resource_id` (see [`Reach::covers`]).
pub fn applies(assignment: &PolicyAssignment, resource_id: &str) -> bool {
    Reach::of(assignment).covers(&scope::canonical(resource_id))
}

/// A watched definition in force through one assignment, its effect resolved.
pub struct Found<'a> {
    pub found: Use<'a>,
    pub reach: Reach,
    /// The effect, or why it cannot be known.
    pub effect: Result<String, String>,
}

/// An assigned initiative that could not be read, and so might hold the definition.
pub struct Unread {
    pub reach: Reach,
    pub why: String,
}

/// Every way `assignments` bring in the definition `target`, resolved once per run and
/// indexed by scope: the uses that may reach a resource are those scoped at one of its
/// ancestors, looked up rather than tested one by one (an estate that assigns per
/// resource group would otherwise cost resources × assignments).
pub struct InForce<'a> {
    found: Vec<Found<'a>>,
    unread: Vec<Unread>,
    found_at: HashMap<String, Vec<usize>>,
    unread_at: HashMap<String, Vec<usize>>,
}

impl<'a> InForce<'a> {
    /// The uses that apply to the resource whose canonical ID is `id`, in list order.
    pub fn found_covering(&self, id: &str) -> Vec<&Found<'a>> {
        covering(&self.found, &self.found_at, |f| &f.reach, id)
    }

    /// The unreadable initiatives that might apply to `id`, in list order.
    pub fn unread_covering(&self, id: &str) -> Vec<&Unread> {
        covering(&self.unread, &self.unread_at, |u| &u.reach, id)
    }
}

/// Positions of `items` by their reach's scope.
fn by_scope<T>(items: &[T], reach: impl Fn(&T) -> &Reach) -> HashMap<String, Vec<usize>> {
    let mut at: HashMap<String, Vec<usize>> = HashMap::new();
    for (position, item) in items.iter().enumerate() {
        if let Some(scope) = &reach(item).scope {
            at.entry(scope.clone()).or_default().push(position);
        }
    }
    at
}

/// The items scoped at one of `id`'s ancestors (`/`, then each leading run of its
/// segments, itself included) that cover it, in list order.
fn covering<'x, T>(
    items: &'x [T],
    at: &HashMap<String, Vec<usize>>,
    reach: impl Fn(&T) -> &Reach,
    id: &str,
) -> Vec<&'x T> {
    let mut ancestors = vec!["/"];
    ancestors.extend(
        id.char_indices()
            .skip(1)
            .filter(|(_, c)| *c == '/')
            .map(|(end, _)| &id[..end]),
    );
    ancestors.push(id);
    let mut positions: Vec<usize> = ancestors
        .iter()
        .filter_map(|scope| at.get(*scope))
        .flatten()
        .copied()
        .collect();
    positions.sort_unstable();
    positions.dedup();
    positions
        .into_iter()
        .map(|position| &items[position])
        .filter(|item| reach(item).covers(id))
        .collect()
}

pub fn resolve<'a>(
    assignments: &'a [PolicyAssignment],
    data: &'a PolicyData,
    target: &str,
) -> InForce<'a> {
    let (found, unread) = uses(assignments, data, target);
    let found: Vec<Found<'a>> = found
        .into_iter()
        .map(|found| Found {
            reach: Reach::of(found.assignment),
            effect: effect(data, &found),
            found,
        })
        .collect();
    let unread: Vec<Unread> = unread
        .into_iter()
        .map(|(assignment, id)| Unread {
            reach: Reach::of(assignment),
            why: unread_initiative(data, id),
        })
        .collect();
    InForce {
        found_at: by_scope(&found, |f| &f.reach),
        unread_at: by_scope(&unread, |u| &u.reach),
        found,
        unread,
    }
}

/// `enforcementMode` Default, or null (its default); `DoNotEnforce` and `Enroll` are not.
pub fn enforced(assignment: &PolicyAssignment) -> bool {
    assignment
        .enforcement_mode
        .as_deref()
        .is_none_or(|m| m.trim().eq_ignore_ascii_case("Default"))
}

/// How an assignment names itself in messages: its display name, else its name.
pub fn label(assignment: &PolicyAssignment) -> &str {
    assignment
        .display_name
        .as_deref()
        .filter(|d| !d.trim().is_empty())
        .unwrap_or(&assignment.name)
}

/// The effect of one use of a definition, or why it cannot be known (the definition
/// whose default decides could not be read).
pub fn effect(data: &PolicyData, found: &Use) -> Result<String, String> {
    match found.effect() {
        Resolved::Value(value) => Ok(shown(&value)),
        Resolved::FromDefinition => definition_value(data, found, |d| d.default_effect())
            .map(|v| v.map_or_else(|| "not set".to_string(), |v| shown(&v))),
    }
}

/// A parameter of one use, the definition's default included; None when unset anywhere.
pub fn parameter(data: &PolicyData, found: &Use, name: &str) -> Result<Option<String>, String> {
    match found.parameter(name) {
        Resolved::Value(value) => Ok(Some(shown(&value))),
        Resolved::FromDefinition => definition_value(data, found, |d| d.default_of(name).cloned())
            .map(|v| v.map(|v| shown(&v))),
    }
}

fn definition_value(
    data: &PolicyData,
    found: &Use,
    read: impl Fn(&crate::snapshot::policy::PolicyDefinition) -> Option<Value>,
) -> Result<Option<Value>, String> {
    let what = format!("the policy definition {}", found.definition_id);
    match data.definition(found.definition_id) {
        Some(Fetched::Ok(definition)) => Ok(read(definition)),
        Some(unread) => Err(unread.unavailable_reason(&what).unwrap_or_default()),
        None => Err(data
            .definitions()
            .unavailable_reason("the policy definitions")
            .unwrap_or_else(|| format!("{what} was not read in this scan"))),
    }
}

/// The reason an initiative could not be expanded.
pub fn unread_initiative(data: &PolicyData, id: &str) -> String {
    let what = format!("the policy initiative {id}");
    match data.definition(id) {
        Some(unread) => unread.unavailable_reason(&what).unwrap_or_default(),
        None => data
            .definitions()
            .unavailable_reason("the policy initiatives")
            .unwrap_or_else(|| format!("{what} was not read in this scan")),
    }
}

/// A parameter value as messages show it: text as is, anything else as JSON.
pub fn shown(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Whether an effect is `Disabled` (case-insensitive).
pub fn is_disabled(effect: &str) -> bool {
    eq_ci(Some(effect), "Disabled")
}

/// How many assignments a message or evidence names; the rest are counted, so a
/// finding stays small however many assignments a tenant stacks on one scope.
pub const NAMED: usize = 5;

/// `a, b, c` for up to [`NAMED`] items, then `and N more`.
pub fn named(items: &[String]) -> String {
    named_of(&items[..items.len().min(NAMED)], items.len())
}

fn named_of(first: &[String], total: usize) -> String {
    let mut text = first.join(", ");
    if total > first.len() {
        text.push_str(&format!(" and {} more", total - first.len()));
    }
    text
}

/// The labels of a list as a finding shows them: the first [`NAMED`], and how many in
/// all. Only those first labels are ever formatted, so a resource that thousands of
/// assignments reach costs a count, not thousands of strings.
#[derive(Default)]
pub struct Tally {
    first: Vec<String>,
    total: usize,
}

impl Tally {
    pub fn add(&mut self, label: impl FnOnce() -> String) {
        if self.first.len() < NAMED {
            self.first.push(label());
        }
        self.total += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The labels evidence lists (at most [`NAMED`]).
    pub fn first(&self) -> &[String] {
        &self.first
    }

    /// Like [`named`]: `a, b, c`, then `and N more`.
    pub fn named(&self) -> String {
        named_of(&self.first, self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_cut_and_counted() {
        let items: Vec<String> = (1..=7).map(|i| format!("a{i}")).collect();
        assert_eq!(named(&items), "a1, a2, a3, a4, a5 and 2 more");
        assert_eq!(named(&items[..2]), "a1, a2");
        let mut tally = Tally::default();
        let mut formatted = 0;
        for item in &items {
            tally.add(|| {
                formatted += 1;
                item.clone()
            });
        }
        assert_eq!(tally.named(), "a1, a2, a3, a4, a5 and 2 more");
        assert_eq!(tally.first().len(), NAMED);
        assert_eq!(
            formatted, NAMED,
            "labels past the named ones are only counted"
        );
        assert!(Tally::default().is_empty() && !tally.is_empty());
    }
}
