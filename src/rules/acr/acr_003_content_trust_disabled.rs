//! ACR-003: registries without content trust enabled.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("acr", "ACR-003", sources: [Registries],
    run: |s, out| property::judge_each(out, &s.acr.registries, "policies.trustPolicy.status",
        |r| r.trust_policy_status.as_deref(), "not set", property::any_of(&["enabled"])));
