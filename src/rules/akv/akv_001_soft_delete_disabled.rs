//! AKV-001: vaults with soft delete explicitly turned off.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("akv", "AKV-001", sources: [Vaults], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for vault in out.judged_in_subscription(&snapshot.keyvault.vaults, "the key vault list") {
        let value = vault.enable_soft_delete;
        // Soft delete is on by default and can no longer be disabled on new vaults:
        // only an explicit false fails.
        let shown = value.map_or("not set (on by default)".to_string(), |v| v.to_string());
        out.judge(
            value != Some(false),
            super::subject(vault),
            format!("{}: enableSoftDelete is {shown}", vault.name),
            json!({ "enableSoftDelete": value }),
        );
    }
}
