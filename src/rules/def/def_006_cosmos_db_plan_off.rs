//! DEF-006: subscriptions without the Defender for Azure Cosmos DB plan (D1 on pricing `CosmosDbs`).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("def", "DEF-006", sources: [DefenderPricings],
    run: |s, out| super::plan_rule(s, out, "CosmosDbs", "Defender for Azure Cosmos DB"));
