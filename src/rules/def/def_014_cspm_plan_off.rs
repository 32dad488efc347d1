//! DEF-014: subscriptions without the Defender CSPM plan (D1 on pricing `CloudPosture`).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("def", "DEF-014", sources: [DefenderPricings],
    run: |s, out| super::plan_rule(s, out, "CloudPosture", "Defender CSPM"));
