//! DEF-004: subscriptions without the Defender for SQL servers on machines plan (D1 on pricing `SqlServerVirtualMachines`).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("def", "DEF-004", sources: [DefenderPricings],
    run: |s, out| super::plan_rule(s, out, "SqlServerVirtualMachines", "Defender for SQL servers on machines"));
