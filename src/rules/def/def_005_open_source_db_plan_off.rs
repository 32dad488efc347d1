//! DEF-005: subscriptions without the Defender for open-source relational databases plan (D1 on pricing `OpenSourceRelationalDatabases`).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("def", "DEF-005", sources: [DefenderPricings],
    run: |s, out| super::plan_rule(s, out, "OpenSourceRelationalDatabases", "Defender for open-source relational databases"));
