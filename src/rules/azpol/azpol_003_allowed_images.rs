//! AZPOL-003: AKS clusters not restricted to allowed container images: the "allowed
//! images" policy must apply with enforcementMode Default and effect Deny, and the
//! cluster's Azure Policy add-on must be on for it to act.

use super::{Tally, enforced, label, named, parameter, resolve};
use crate::rules::aks::policy_addon_enabled;
use crate::rules::shape::{Resource, each, scope};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azpol", "AZPOL-003",
    sources: [ManagedClusters, PolicyAssignments, PolicyDefinitions], run: run);

/// "Kubernetes cluster containers should only use allowed images".
const ALLOWED_IMAGES: &str = "febd0533-8e55-448f-b837-bd0e06f16469";
const REGEX: &str = "allowedContainerImagesRegex";

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let clusters = each(out, &snapshot.aks.clusters);
    let Some(assignments) = out.supporting(
        &snapshot.policy.assignments,
        "the policy assignment list",
        clusters,
        Resource::subject,
    ) else {
        return;
    };
    let data = &snapshot.policy;
    let resolved = resolve(assignments, data, ALLOWED_IMAGES);
    for cluster in clusters {
        let id = scope::canonical(&cluster.id);
        let mut unread: Vec<String> = resolved
            .unread_covering(&id)
            .iter()
            .map(|u| u.why.clone())
            .collect();
        let mut seen = Tally::default();
        let mut denying = None;
        for use_ in resolved.found_covering(&id) {
            let effect = match &use_.effect {
                Ok(effect) => effect,
                Err(why) => {
                    unread.push(why.clone());
                    continue;
                }
            };
            let assignment = use_.found.assignment;
            let mode = assignment.enforcement_mode.as_deref().unwrap_or("Default");
            seen.add(|| {
                format!(
                    "{} (effect {effect}, enforcementMode {mode})",
                    label(assignment)
                )
            });
            if enforced(assignment) && eq_ci(Some(effect), "Deny") && denying.is_none() {
                let regex = match parameter(data, &use_.found, REGEX) {
                    Ok(Some(regex)) => regex,
                    Ok(None) => "not set".to_string(),
                    Err(_) => "unknown (definition not read)".to_string(),
                };
                denying = Some((label(assignment).to_string(), regex));
            }
        }
        let addon = policy_addon_enabled(cluster);
        let evidence = json!({
            "allowedImagesPolicy": seen.first(),
            "addonProfiles.azurepolicy.enabled": addon,
        });
        let subject = cluster.subject();
        let name = &cluster.name;
        match (&denying, addon == Some(true), unread.is_empty()) {
            (Some((assignment, regex)), true, _) => out.pass(
                subject,
                format!("{name}: the allowed-images policy denies through {assignment}; {REGEX} is {regex}"),
                evidence,
            ),
            (Some((assignment, regex)), false, _) => out.fail(
                subject,
                format!(
                    "{name}: the allowed-images policy denies through {assignment} ({REGEX} is {regex}) but the Azure Policy add-on is not enabled, so it cannot act"
                ),
                evidence,
            ),
            (None, false, _) if !unread.is_empty() => out.fail(
                subject,
                format!(
                    "{name}: the Azure Policy add-on is not enabled, so no policy can restrict images (the allowed-images policy could not be fully resolved: {})",
                    named(&unread)
                ),
                evidence,
            ),
            (None, _, false) => out.error(
                subject,
                format!(
                    "{name}: whether the allowed-images policy denies is undetermined: {}",
                    named(&unread)
                ),
            ),
            (None, _, true) if seen.is_empty() => out.fail(
                subject,
                format!("{name}: no assignment applies the allowed-images policy ({ALLOWED_IMAGES})"),
                evidence,
            ),
            (None, _, true) => out.fail(
                subject,
                format!(
                    "{name}: the allowed-images policy does not deny (Audit blocks nothing): {}",
                    seen.named()
                ),
                evidence,
            ),
        }
    }
}
