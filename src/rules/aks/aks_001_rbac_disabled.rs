//! AKS-001: clusters that do not enforce Kubernetes RBAC.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("aks", "AKS-001", sources: [ManagedClusters],
    run: |s, out| property::judge_each(out, &s.aks.clusters, "enableRBAC",
        |c| c.enable_rbac, "not reported", property::is_true));
