//! AZST-005: blob-capable accounts without an enabled lifecycle management rule.

use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azst", "AZST-005", sources: [StorageAccounts, StorageLifecycle], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let accounts = each(out, &snapshot.storage.accounts);
    // General-purpose v1 cannot hold a policy and FileStorage holds no blobs.
    for account in accounts.iter().filter(|a| a.holds_blobs()) {
        let subject = account.subject();
        let what = "the lifecycle management policy";
        let Some(policy) = out.part(&account.lifecycle_policy, &subject, what) else {
            continue;
        };
        let Some(policy) = policy else {
            out.fail(
                subject,
                format!("{}: no lifecycle management policy", account.name),
                json!({ "managementPolicy": null }),
            );
            continue;
        };
        let enabled: Vec<&str> = policy
            .rules
            .iter()
            .filter(|r| r.is_enabled())
            .map(|r| r.name.as_str())
            .collect();
        let message = if enabled.is_empty() {
            format!("{}: the lifecycle policy has no enabled rule", account.name)
        } else {
            format!(
                "{}: lifecycle policy has enabled rules: {}",
                account.name,
                enabled.join(", ")
            )
        };
        out.judge(
            !enabled.is_empty(),
            subject,
            message,
            json!({ "rules": policy.rules.len(), "enabledRules": enabled }),
        );
    }
}
