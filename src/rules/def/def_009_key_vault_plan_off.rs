//! DEF-009: subscriptions without the Defender for Key Vault plan (D1 on pricing `KeyVaults`).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("def", "DEF-009", sources: [DefenderPricings],
    run: |s, out| super::plan_rule(s, out, "KeyVaults", "Defender for Key Vault"));
