//! DEF-010: subscriptions without the Defender for Resource Manager plan (D1 on pricing `Arm`).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("def", "DEF-010", sources: [DefenderPricings],
    run: |s, out| super::plan_rule(s, out, "Arm", "Defender for Resource Manager"));
