//! AKV-008: vaults reached through a private endpoint that still allow public access.

use crate::rules::check;
use crate::rules::shape::each;
use crate::rules::shape::exposure::Exposure;

// Vaults without an approved private endpoint are AKV-007's finding: no result here.
// The firewall's default action does not count: CIS asks for the public endpoint off.
pub const CHECK: crate::rules::Check = check!("akv", "AKV-008", sources: [Vaults],
run: |s, out| {
    for vault in each(out, &s.keyvault.vaults) {
        let approved = super::approved_private_endpoints(vault);
        if approved == 0 {
            continue;
        }
        let exposure = Exposure {
            public_network_access: vault.public_network_access.as_deref(),
            default_action: None,
        };
        exposure.judge(out, vault, &[("approvedPrivateEndpoints", approved.into())]);
    }
});
