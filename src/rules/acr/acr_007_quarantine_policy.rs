//! ACR-007: Premium registries that make pushed images pullable before any scan.

use super::premium;
use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("acr", "ACR-007", sources: [Registries],
run: |s, out| for registry in premium(out, &s.acr.registries) {
    let value = registry.quarantine_policy_status.as_deref();
    property::judge(out, registry, "policies.quarantinePolicy.status", value,
        "not set (disabled)", property::any_of(&["enabled"])(value));
});
