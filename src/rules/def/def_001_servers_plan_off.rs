//! DEF-001: subscriptions without the Defender for Servers plan (D1 on pricing `VirtualMachines`).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("def", "DEF-001", sources: [DefenderPricings],
    run: |s, out| super::plan_rule(s, out, "VirtualMachines", "Defender for Servers"));
