//! COSMOS-001: Cosmos DB accounts reachable from public networks (null = Enabled;
//! `SecuredByPerimeter` counts as Disabled).

use crate::rules::check;
use crate::rules::shape::each;
use crate::rules::shape::exposure::Exposure;

pub const CHECK: crate::rules::Check = check!("cosmos", "COSMOS-001", sources: [CosmosAccounts],
run: |s, out| {
    for account in each(out, &s.cosmos.accounts) {
        Exposure {
            public_network_access: account.public_network_access.as_deref(),
            default_action: None,
        }
        .judge(out, account, &[]);
    }
});
