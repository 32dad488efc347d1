//! AKS-005: clusters without a network policy engine (pods can reach each other freely).

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("aks", "AKS-005", sources: [ManagedClusters],
    run: |s, out| property::judge_each(out, &s.aks.clusters, "networkProfile.networkPolicy",
        |c| c.network_policy.as_deref(), "not set (none)",
        property::any_of(&["calico", "azure", "cilium"])));
