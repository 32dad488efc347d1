//! AZMON-003: critical administrative operations that no enabled, subscription-wide
//! activity log alert watches.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::monitor::ActivityLogAlert;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azmon", "AZMON-003", sources: [ActivityLogAlerts], run: run);

const OPERATIONS: [&str; 4] = [
    "Microsoft.Authorization/policyAssignments/write",
    "Microsoft.Authorization/roleAssignments/write",
    "Microsoft.Network/networkSecurityGroups/write",
    "Microsoft.KeyVault/vaults/write",
];

fn covers(alert: &ActivityLogAlert, operation: &str) -> bool {
    let operations = alert.values_of("operationName");
    if operations.is_empty() {
        // No operation filter: an Administrative alert fires on every such operation.
        return alert.matches("category", "Administrative");
    }
    operations
        .iter()
        .any(|o| o.trim().eq_ignore_ascii_case(operation))
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(alerts) = super::subscription_alerts(snapshot, out) else {
        return;
    };
    let mut covered = Vec::new();
    let mut uncovered = Vec::new();
    for operation in OPERATIONS {
        match alerts.iter().find(|a| covers(a, operation)) {
            Some(alert) => covered.push(json!({ "operation": operation, "alert": alert.name })),
            None => uncovered.push(operation),
        }
    }
    let message = if uncovered.is_empty() {
        "enabled subscription-wide alerts watch all four critical operations".to_string()
    } else {
        format!("no enabled alert watches: {}", uncovered.join(", "))
    };
    let subject = out.subscription();
    out.judge(
        uncovered.is_empty(),
        subject,
        message,
        json!({ "covered": covered, "uncovered": uncovered }),
    );
}
