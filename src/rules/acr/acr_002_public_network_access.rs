//! ACR-002: registries reachable from public networks.

use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("acr", "ACR-002", sources: [Registries], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for registry in
        out.judged_in_subscription(&snapshot.acr.registries, "the container registry list")
    {
        let access = registry.public_network_access.as_deref();
        let default_action = registry.network_default_action.as_deref();
        let premium = eq_ci(registry.sku.as_deref(), "Premium");
        // Only Premium registries enforce network rules; elsewhere Deny is inert.
        let denied_by_rules = premium && eq_ci(default_action, "Deny");
        let passed = eq_ci(access, "Disabled") || denied_by_rules;
        let mut message = format!(
            "{}: publicNetworkAccess is {}, networkRuleSet.defaultAction is {}",
            registry.name,
            access.unwrap_or("not set (Enabled)"),
            default_action.unwrap_or("not set (Allow)")
        );
        if !passed && eq_ci(default_action, "Deny") && !premium {
            message.push_str(&format!(
                " (network rules are not enforced on the {} SKU)",
                registry.sku.as_deref().unwrap_or("unknown")
            ));
        }
        out.judge(
            passed,
            super::subject(registry),
            message,
            json!({
                "publicNetworkAccess": access,
                "networkRuleSet.defaultAction": default_action,
                "sku": registry.sku,
            }),
        );
    }
}
