//! ACR-004: registries in a subscription without a Defender containers plan (Standard).

use crate::rules::shape::{Resource, each, plan};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;

pub const CHECK: crate::rules::Check =
    check!("acr", "ACR-004", sources: [Registries, DefenderPricings], run: run);

/// The current plan and its legacy predecessor; either on Standard scans images.
const PLANS: [&str; 2] = ["Containers", "ContainerRegistry"];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let registries = each(out, &snapshot.acr.registries);
    let Some(pricings) = out.supporting(
        &snapshot.security.pricings,
        "the Defender plan pricings",
        registries,
        Resource::subject,
    ) else {
        return;
    };
    let tiers = plan::tiers(pricings, &PLANS);
    let observed = plan::describe(
        &tiers,
        "neither the Containers nor the ContainerRegistry plan is listed",
    );
    let evidence = plan::evidence(&tiers);
    for registry in registries {
        out.judge(
            plan::any_standard(&tiers),
            registry.subject(),
            format!("{}: Defender for Containers: {observed}", registry.name),
            evidence.clone(),
        );
    }
}
