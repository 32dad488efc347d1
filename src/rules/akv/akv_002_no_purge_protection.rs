//! AKV-002: vaults without purge protection.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("akv", "AKV-002", sources: [Vaults],
    run: |s, out| property::judge_each(out, &s.keyvault.vaults, "enablePurgeProtection",
        |v| v.enable_purge_protection, "not set", property::is_true));
