//! ACR-002: registries reachable from public networks.

use crate::rules::shape::each;
use crate::rules::shape::exposure::{DefaultAction, Exposure};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("acr", "ACR-002", sources: [Registries], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for registry in each(out, &snapshot.acr.registries) {
        // Only Premium registries enforce network rules; elsewhere Deny is inert.
        let inert = (!eq_ci(registry.sku.as_deref(), "Premium")).then(|| {
            format!(
                "network rules are not enforced on the {} SKU",
                registry.sku.as_deref().unwrap_or("unknown")
            )
        });
        let exposure = Exposure {
            public_network_access: registry.public_network_access.as_deref(),
            default_action: Some(DefaultAction {
                path: "networkRuleSet.defaultAction",
                value: registry.network_default_action.as_deref(),
                inert: inert.as_deref(),
            }),
        };
        exposure.judge(out, registry, &[("sku", json!(registry.sku))]);
    }
}
