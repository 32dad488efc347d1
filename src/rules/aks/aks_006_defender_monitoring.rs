//! AKS-006: clusters without the Defender security monitoring profile. The message adds
//! the subscription's Containers plan; the cluster's own setting decides, so unreadable
//! pricings only change the message.

use crate::rules::shape::{Resource, each, plan};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("aks", "AKS-006", sources: [ManagedClusters, DefenderPricings], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let clusters = each(out, &snapshot.aks.clusters);
    let pricings = &snapshot.security.pricings;
    let plan = match pricings.ok() {
        Some(pricings) => {
            let tiers = plan::tiers(pricings, &["Containers"]);
            plan::describe(&tiers, "the Containers plan is not listed")
        }
        None => pricings
            .unavailable_reason("the Defender plan pricings")
            .unwrap_or_default(),
    };
    for cluster in clusters {
        let enabled = cluster.defender_security_monitoring;
        out.judge(
            enabled == Some(true),
            cluster.subject(),
            format!(
                "{}: securityProfile.defender.securityMonitoring.enabled is {}; Defender for Containers: {plan}",
                cluster.name,
                enabled.map_or("not set".to_string(), |e| e.to_string())
            ),
            json!({ "securityProfile.defender.securityMonitoring.enabled": enabled }),
        );
    }
}
