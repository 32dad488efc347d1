//! Azure Policy checks (AZPOL-*): which assignments apply to a subscription or resource
//! (scope and `notScopes` by whole path segments), whether they are enforced, and the
//! effect a watched definition takes through them (CHECKS-2 Clarifications, AZPOL).

mod azpol_001_benchmark_initiative;
mod azpol_002_registry_image_vulnerabilities;
mod azpol_003_allowed_images;

use super::Check;
use super::shape::scope;
use crate::snapshot::policy::{PolicyAssignment, PolicyData, Resolved, Use};
use crate::snapshot::{Fetched, eq_ci};
use serde_json::Value;

pub const CHECKS: &[Check] = &[
    azpol_001_benchmark_initiative::CHECK,
    azpol_002_registry_image_vulnerabilities::CHECK,
    azpol_003_allowed_images::CHECK,
];

/// Whether `assignment` applies to `resource_id`: its scope is the resource or above it
/// (a management group or `/` in the subscription's list is above by construction), and
/// no `notScopes` entry is the resource or above it. A management-group `notScopes`
/// entry is taken as excluding: which subscriptions the group holds is not read.
pub fn applies(assignment: &PolicyAssignment, resource_id: &str) -> bool {
    let Some(scope) = assignment.scope.as_deref() else {
        return false;
    };
    let in_scope = scope::above_subscriptions(scope) || scope::at_or_under(resource_id, scope);
    in_scope
        && !assignment
            .not_scopes
            .iter()
            .any(|ns| scope::above_subscriptions(ns) || scope::at_or_under(resource_id, ns))
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
            .definitions
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
            .definitions
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
