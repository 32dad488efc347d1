//! ACR-008: Premium registries that allow artifacts to be exported to other registries.

use super::premium;
use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("acr", "ACR-008", sources: [Registries],
run: |s, out| for registry in premium(out, &s.acr.registries) {
    let value = registry.export_policy_status.as_deref();
    property::judge(out, registry, "policies.exportPolicy.status", value,
        "not set (enabled)", property::any_of(&["disabled"])(value));
});
