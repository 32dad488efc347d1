//! AZPOL-001: the Microsoft cloud security benchmark initiative is not assigned to the
//! subscription, is not enforced, or the assignment sets effects to Disabled.

use super::{NAMED, applies, enforced, is_disabled, label, named, shown};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::policy::{guid, is_initiative};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azpol", "AZPOL-001", sources: [PolicyAssignments], run: run);

const BENCHMARK: &str = "1f3afdf9-d0c9-4c3d-847f-89da613e70a8";

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(assignments) =
        out.readable_in_subscription(&snapshot.policy.assignments, "the policy assignment list")
    else {
        return;
    };
    let subscription = snapshot.subscription_resource_id();
    let mut problems = Vec::new();
    let mut passing = None;
    let mut evidence = Vec::new();
    let mut applying = 0;
    for assignment in assignments.iter().filter(|a| {
        a.policy_definition_id
            .as_deref()
            .is_some_and(|id| is_initiative(id) && guid(id) == BENCHMARK)
            && applies(a, &subscription)
    }) {
        applying += 1;
        // Only the effect parameters the assignment itself sets count: the benchmark
        // ships some effects Disabled by default.
        let disabled: Vec<&str> = assignment
            .parameters
            .iter()
            .filter(|(name, value)| {
                name.to_lowercase().ends_with("effect") && is_disabled(&shown(value))
            })
            .map(|(name, _)| name.as_str())
            .collect();
        if evidence.len() < NAMED {
            evidence.push(json!({
                "assignment": assignment.id,
                "scope": assignment.scope,
                "enforcementMode": assignment.enforcement_mode,
                "disabledEffects": disabled,
            }));
        }
        if !enforced(assignment) {
            problems.push(format!(
                "assignment {} has enforcementMode {}",
                label(assignment),
                assignment.enforcement_mode.as_deref().unwrap_or("not set")
            ));
        } else if !disabled.is_empty() {
            problems.push(format!(
                "assignment {} sets to Disabled: {}",
                label(assignment),
                disabled.join(", ")
            ));
        } else if passing.is_none() {
            passing = Some(assignment);
        }
    }
    let subject = out.subscription();
    let evidence = json!({ "assignments": evidence, "applying": applying });
    match passing {
        Some(assignment) => out.pass(
            subject,
            format!(
                "the Microsoft cloud security benchmark is assigned at {} ({}), enforced, with no effect set to Disabled",
                assignment.scope.as_deref().unwrap_or("an unknown scope"),
                label(assignment)
            ),
            evidence,
        ),
        None if problems.is_empty() => out.fail(
            subject,
            "the Microsoft cloud security benchmark initiative is not assigned to this subscription or above it",
            evidence,
        ),
        None => out.fail(
            subject,
            format!(
                "the Microsoft cloud security benchmark is assigned but {}",
                named(&problems)
            ),
            evidence,
        ),
    }
}
