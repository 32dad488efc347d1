//! AZST-017: accounts without an approved private endpoint connection (D3).

use crate::rules::check;
use crate::rules::shape::{each, exposure, property};

pub const CHECK: crate::rules::Check = check!("azst", "AZST-017", sources: [StorageAccounts],
run: |s, out| {
    for account in each(out, &s.storage.accounts) {
        let approved = exposure::approved_private_endpoints(
            account.private_endpoint_statuses.iter().map(|s| s.as_deref()));
        let approved = i64::try_from(approved).unwrap_or(i64::MAX);
        property::judge(out, account, "approved privateEndpointConnections", Some(approved),
            "", approved > 0);
    }
});
