//! AZST-011: accounts that allow object replication to other tenants.

use crate::rules::check;
use crate::rules::shape::property;

// The default changed from true to false for new accounts; an unset value on an older
// account still means allowed, so null fails with a message saying why.
pub const CHECK: crate::rules::Check = check!("azst", "AZST-011", sources: [StorageAccounts],
    run: |s, out| property::judge_each(out, &s.storage.accounts,
        "allowCrossTenantReplication", |a| a.allow_cross_tenant_replication,
        "unset: accounts created before the default changed treat unset as allowed; set it to false explicitly",
        property::is_false));
