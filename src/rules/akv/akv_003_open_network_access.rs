//! AKV-003: vaults reachable from all networks.

use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("akv", "AKV-003", sources: [Vaults], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for vault in out.judged_in_subscription(&snapshot.keyvault.vaults, "the key vault list") {
        let access = vault.public_network_access.as_deref();
        let default_action = vault.network_default_action.as_deref();
        let passed = eq_ci(access, "Disabled") || eq_ci(default_action, "Deny");
        out.judge(
            passed,
            super::subject(vault),
            format!(
                "{}: publicNetworkAccess is {}, networkAcls.defaultAction is {}",
                vault.name,
                access.unwrap_or("not set (Enabled)"),
                default_action.unwrap_or("not set (Allow)")
            ),
            json!({ "publicNetworkAccess": access, "networkAcls.defaultAction": default_action }),
        );
    }
}
