//! AKV-002: vaults without purge protection.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("akv", "AKV-002", sources: [Vaults], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for vault in out.judged_in_subscription(&snapshot.keyvault.vaults, "the key vault list") {
        let value = vault.enable_purge_protection;
        let shown = value.map_or("not set".to_string(), |v| v.to_string());
        out.judge(
            value == Some(true),
            super::subject(vault),
            format!("{}: enablePurgeProtection is {shown}", vault.name),
            json!({ "enablePurgeProtection": value }),
        );
    }
}
