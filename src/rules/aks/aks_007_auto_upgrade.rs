//! AKS-007: clusters without an automatic upgrade channel.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("aks", "AKS-007", sources: [ManagedClusters],
    run: |s, out| property::judge_each(out, &s.aks.clusters, "autoUpgradeProfile.upgradeChannel",
        |c| c.upgrade_channel.as_deref(), "not set (none)",
        property::any_of(&["patch", "stable", "rapid", "node-image"])));
