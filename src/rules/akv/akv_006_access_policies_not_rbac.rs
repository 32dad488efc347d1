//! AKV-006: vaults authorizing with vault access policies instead of Azure RBAC.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("akv", "AKV-006", sources: [Vaults],
    run: |s, out| property::judge_each(out, &s.keyvault.vaults, "enableRbacAuthorization",
        |v| v.enable_rbac_authorization, "not set", property::is_true));
