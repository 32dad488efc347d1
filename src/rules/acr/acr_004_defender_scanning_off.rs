//! ACR-004: registries in a subscription without a Defender containers plan (Standard).

use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("acr", "ACR-004", sources: [Registries, DefenderPricings], run: run);

/// The current plan and its legacy predecessor; either on Standard scans images.
const PLANS: [&str; 2] = ["Containers", "ContainerRegistry"];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let registries =
        out.judged_in_subscription(&snapshot.acr.registries, "the container registry list");
    let Some(pricings) = out.supporting(
        &snapshot.security.pricings,
        "the Defender plan pricings",
        registries,
        super::subject,
    ) else {
        return;
    };
    let plans: Vec<(&str, Option<&str>)> = pricings
        .iter()
        .filter(|p| PLANS.iter().any(|plan| p.name.eq_ignore_ascii_case(plan)))
        .map(|p| (p.name.as_str(), p.pricing_tier.as_deref()))
        .collect();
    let enabled = plans.iter().any(|(_, tier)| eq_ci(*tier, "Standard"));
    let observed = if plans.is_empty() {
        "neither the Containers nor the ContainerRegistry plan is listed".to_string()
    } else {
        plans
            .iter()
            .map(|(name, tier)| format!("{name} plan is {}", tier.unwrap_or("not set")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let evidence = json!({
        "pricings": plans.iter().map(|(n, t)| json!({"name": n, "pricingTier": t})).collect::<Vec<_>>()
    });
    for registry in registries {
        out.judge(
            enabled,
            super::subject(registry),
            format!("{}: Defender for Containers: {observed}", registry.name),
            evidence.clone(),
        );
    }
}
