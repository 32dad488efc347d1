//! AKS-008: clusters without the Azure Policy add-on (policies cannot act inside them).

use super::policy_addon_enabled;
use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("aks", "AKS-008", sources: [ManagedClusters],
    run: |s, out| property::judge_each(out, &s.aks.clusters, "addonProfiles.azurepolicy.enabled",
        policy_addon_enabled, "not set (add-on not installed)", property::is_true));
