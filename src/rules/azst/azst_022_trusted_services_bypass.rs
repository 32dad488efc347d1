//! AZST-022: firewalled accounts that do not let trusted Azure services through.

use crate::rules::check;
use crate::rules::shape::list::separated;
use crate::rules::shape::{each, property};
use crate::snapshot::eq_ci;

pub const CHECK: crate::rules::Check = check!("azst", "AZST-022", sources: [StorageAccounts],
run: |s, out| {
    for account in each(out, &s.storage.accounts) {
        // Only a firewall that denies by default can lock trusted services out.
        let Some(acls) = account.network_acls.as_ref()
            .filter(|a| eq_ci(a.default_action.as_deref(), "Deny")) else { continue };
        let bypass = acls.bypass.as_deref();
        let passed = bypass.is_some_and(|b| {
            separated(b, &[',']).any(|v| v.eq_ignore_ascii_case("AzureServices"))
        });
        property::judge(out, account, "networkAcls.bypass", bypass,
            "not set (nothing bypasses the firewall)", passed);
    }
});
