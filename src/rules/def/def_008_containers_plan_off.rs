//! DEF-008: subscriptions without the Defender for Containers plan (D1 on pricing
//! `Containers`). The two plans it replaced, `KubernetesService` and
//! `ContainerRegistry`, both on Standard still cover it (PASS with a deprecation note).

use crate::rules::shape::plan;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;

pub const CHECK: crate::rules::Check =
    check!("def", "DEF-008", sources: [DefenderPricings], run: run);

const LEGACY: [&str; 2] = ["KubernetesService", "ContainerRegistry"];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(pricings) = super::pricings(snapshot, out) else {
        return;
    };
    let subject = out.subscription();
    let containers = plan::find(pricings, "Containers");
    if plan::is_standard(containers) {
        plan::judge(
            out,
            subject,
            pricings,
            "Containers",
            "Defender for Containers",
        );
        return;
    }
    let legacy: Vec<_> = LEGACY.iter().map(|n| plan::find(pricings, n)).collect();
    let decided: Vec<_> = containers
        .into_iter()
        .chain(legacy.iter().flatten().copied())
        .collect();
    let evidence = plan::evidence_of(&decided);
    let current = containers.map_or_else(
        || "no Containers plan in the pricings list".to_string(),
        plan::describe_one,
    );
    if legacy.iter().all(|p| plan::is_standard(*p)) {
        out.pass(
            subject,
            format!(
                "Defender for Containers: {current}, but the deprecated KubernetesService and ContainerRegistry plans are both Standard; move to the Containers plan before they are retired"
            ),
            evidence,
        );
    } else {
        out.fail(
            subject,
            format!("Defender for Containers: {current}"),
            evidence,
        );
    }
}
