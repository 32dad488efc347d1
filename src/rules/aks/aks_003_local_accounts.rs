//! AKS-003: clusters whose static local admin credentials can still be obtained.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("aks", "AKS-003", sources: [ManagedClusters],
    run: |s, out| property::judge_each(out, &s.aks.clusters, "disableLocalAccounts",
        |c| c.disable_local_accounts, "not set (local accounts enabled)", property::is_true));
