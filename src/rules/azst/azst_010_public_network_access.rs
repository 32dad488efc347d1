//! AZST-010: accounts whose public network access is not disabled.

use crate::rules::check;
use crate::rules::shape::each;
use crate::rules::shape::exposure::Exposure;

// Independent of the firewall (AZST-009): "enabled from selected networks" fails here.
pub const CHECK: crate::rules::Check = check!("azst", "AZST-010", sources: [StorageAccounts],
run: |s, out| {
    for account in each(out, &s.storage.accounts) {
        let exposure = Exposure {
            public_network_access: account.public_network_access.as_deref(),
            default_action: None,
        };
        exposure.judge(out, account, &[]);
    }
});
