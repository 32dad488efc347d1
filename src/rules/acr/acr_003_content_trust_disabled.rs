//! ACR-003: registries without content trust enabled.

use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("acr", "ACR-003", sources: [Registries], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for registry in
        out.judged_in_subscription(&snapshot.acr.registries, "the container registry list")
    {
        let status = registry.trust_policy_status.as_deref();
        out.judge(
            eq_ci(status, "enabled"),
            super::subject(registry),
            format!(
                "{}: policies.trustPolicy.status is {}",
                registry.name,
                status.unwrap_or("not set")
            ),
            json!({ "policies.trustPolicy.status": status }),
        );
    }
}
