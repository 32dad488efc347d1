//! DEF-003: subscriptions without the Defender for Azure SQL Databases plan (D1 on pricing `SqlServers`).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("def", "DEF-003", sources: [DefenderPricings],
    run: |s, out| super::plan_rule(s, out, "SqlServers", "Defender for Azure SQL Databases"));
