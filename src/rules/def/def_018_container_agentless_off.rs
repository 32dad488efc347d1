//! DEF-018: Defender for Containers agentless components off: registry vulnerability
//! assessment and agentless Kubernetes discovery must each be enabled on a Standard
//! `Containers` or `CloudPosture` plan. In scope when either plan is Standard.

use crate::rules::shape::plan;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;

pub const CHECK: crate::rules::Check =
    check!("def", "DEF-018", sources: [DefenderPricings], run: run);

const EXTENSIONS: [&str; 2] = [
    "ContainerRegistriesVulnerabilityAssessments",
    "AgentlessDiscoveryForKubernetes",
];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(pricings) = super::pricings(snapshot, out) else {
        return;
    };
    let in_scope: Vec<_> = ["Containers", "CloudPosture"]
        .iter()
        .filter_map(|n| plan::find(pricings, n))
        .filter(|p| plan::is_standard(Some(p)))
        .collect();
    if in_scope.is_empty() {
        return;
    }
    let missing: Vec<&str> = EXTENSIONS
        .iter()
        .copied()
        .filter(|e| !in_scope.iter().any(|p| plan::extension_on(p, e)))
        .collect();
    let plans: Vec<&str> = in_scope.iter().map(|p| p.name.as_str()).collect();
    let evidence = plan::evidence_of(&in_scope);
    let subject = out.subscription();
    if missing.is_empty() {
        out.pass(
            subject,
            format!(
                "Defender for Containers agentless components: {} enabled on {}",
                EXTENSIONS.join(" and "),
                plans.join(" or ")
            ),
            evidence,
        );
    } else {
        out.fail(
            subject,
            format!(
                "Defender for Containers agentless components: {} not enabled on {} (without registry vulnerability assessment Defender reports no image findings)",
                missing.join(" and "),
                plans.join(" or ")
            ),
            evidence,
        );
    }
}
