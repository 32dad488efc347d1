//! AZST-005: blob-capable accounts without an enabled lifecycle management rule.

use crate::rules::{Verdicts, check};
use crate::snapshot::{Fetched, Snapshot};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azst", "AZST-005", sources: [StorageAccounts, StorageLifecycle], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let accounts =
        out.judged_in_subscription(&snapshot.storage.accounts, "the storage account list");
    // General-purpose v1 cannot hold a policy and FileStorage holds no blobs.
    for account in accounts.iter().filter(|a| a.holds_blobs()) {
        let subject = super::subject(account);
        match &account.lifecycle_policy {
            Fetched::Ok(None) => out.fail(
                subject,
                format!("{}: no lifecycle management policy", account.name),
                json!({ "managementPolicy": null }),
            ),
            Fetched::Ok(Some(policy)) => {
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
            unavailable => {
                let reason = unavailable.unavailable_reason("the lifecycle management policy");
                out.error(subject, reason.unwrap_or_default());
            }
        }
    }
}
