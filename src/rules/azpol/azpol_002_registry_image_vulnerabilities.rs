//! AZPOL-002: no policy requiring resolved registry image vulnerabilities applies to a
//! registry (assigned directly or inside an initiative, with an effect other than
//! Disabled; DoNotEnforce still evaluates, so it counts).

use super::{InForce, Tally, is_disabled, label, named, resolve};
use crate::rules::shape::{Resource, each, scope};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azpol", "AZPOL-002",
    sources: [Registries, PolicyAssignments, PolicyDefinitions], run: run);

/// "Azure registry container images should have vulnerabilities resolved".
const REGISTRY_IMAGES: &str = "090c7b07-b4ed-4561-ad20-e9075f3ccaff";
/// "Azure running container images should have vulnerabilities resolved" (reported only).
const RUNNING_IMAGES: &str = "17f4b1cc-c55c-4d94-b1f9-2978f6ac2957";

/// What the uses of one definition on one resource come to.
struct Finding {
    /// The first use with an effect other than Disabled: (assignment, effect).
    effective: Option<(String, String)>,
    /// Uses seen, as `assignment (effect)`.
    seen: Tally,
    /// Why some use could not be judged.
    unread: Vec<String>,
}

fn find(id: &str, resolved: &InForce) -> Finding {
    let mut result = Finding {
        effective: None,
        seen: Tally::default(),
        unread: resolved
            .unread_covering(id)
            .iter()
            .map(|u| u.why.clone())
            .collect(),
    };
    for use_ in resolved.found_covering(id) {
        let assignment = label(use_.found.assignment);
        match &use_.effect {
            Ok(effect) => {
                result
                    .seen
                    .add(|| format!("{assignment} (effect {effect})"));
                if !is_disabled(effect) && result.effective.is_none() {
                    result.effective = Some((assignment.to_string(), effect.clone()));
                }
            }
            Err(why) => result.unread.push(why.clone()),
        }
    }
    result
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let registries = each(out, &snapshot.acr.registries);
    let Some(assignments) = out.supporting(
        &snapshot.policy.assignments,
        "the policy assignment list",
        registries,
        Resource::subject,
    ) else {
        return;
    };
    let data = &snapshot.policy;
    let registry_images = resolve(assignments, data, REGISTRY_IMAGES);
    let running_images = resolve(assignments, data, RUNNING_IMAGES);
    for registry in registries {
        let id = scope::canonical(&registry.id);
        let images = find(&id, &registry_images);
        let running = find(&id, &running_images);
        let running_note = match (&running.effective, running.unread.is_empty()) {
            (Some((assignment, effect)), _) => {
                format!("the running-images policy applies through {assignment} (effect {effect})")
            }
            (None, true) => "the running-images policy does not apply".to_string(),
            (None, false) => "the running-images policy could not be resolved".to_string(),
        };
        let evidence = json!({
            "registryImagesPolicy": images.seen.first(),
            "runningImagesPolicy": running.seen.first(),
        });
        let subject = registry.subject();
        match (&images.effective, images.unread.is_empty()) {
            (Some((assignment, effect)), _) => out.pass(
                subject,
                format!(
                    "{}: the registry-images vulnerability policy applies through {assignment} (effect {effect}); {running_note}",
                    registry.name
                ),
                evidence,
            ),
            (None, false) => out.error(
                subject,
                format!(
                    "{}: whether the registry-images vulnerability policy applies is undetermined: {}",
                    registry.name,
                    named(&images.unread)
                ),
            ),
            (None, true) if images.seen.is_empty() => out.fail(
                subject,
                format!(
                    "{}: no assignment applies the registry-images vulnerability policy ({REGISTRY_IMAGES}); {running_note}",
                    registry.name
                ),
                evidence,
            ),
            (None, true) => out.fail(
                subject,
                format!(
                    "{}: the registry-images vulnerability policy is assigned only with effect Disabled: {}; {running_note}",
                    registry.name,
                    images.seen.named()
                ),
                evidence,
            ),
        }
    }
}
