//! DEF-002: subscriptions without the Defender for App Service plan (D1 on pricing `AppServices`).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("def", "DEF-002", sources: [DefenderPricings],
    run: |s, out| super::plan_rule(s, out, "AppServices", "Defender for App Service"));
