//! AKV-007: vaults without an approved private endpoint connection (D3).

use crate::rules::check;
use crate::rules::shape::{each, property};

pub const CHECK: crate::rules::Check = check!("akv", "AKV-007", sources: [Vaults],
run: |s, out| {
    for vault in each(out, &s.keyvault.vaults) {
        let approved = i64::try_from(super::approved_private_endpoints(vault))
            .unwrap_or(i64::MAX);
        property::judge(out, vault, "approved privateEndpointConnections", Some(approved),
            "", approved > 0);
    }
});
