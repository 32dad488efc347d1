//! AKV-001: vaults with soft delete explicitly turned off.

use crate::rules::check;
use crate::rules::shape::property;

// Soft delete is on by default and can no longer be disabled on new vaults: only an
// explicit false fails.
pub const CHECK: crate::rules::Check = check!("akv", "AKV-001", sources: [Vaults],
    run: |s, out| property::judge_each(out, &s.keyvault.vaults, "enableSoftDelete",
        |v| v.enable_soft_delete, "not set (on by default)", property::not_false));
