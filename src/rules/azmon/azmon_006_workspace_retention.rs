//! AZMON-006: Log Analytics workspaces keeping data less than 365 days.

use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azmon", "AZMON-006", sources: [Workspaces], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for workspace in out.judged_in_subscription(
        &snapshot.monitor.workspaces,
        "the Log Analytics workspace list",
    ) {
        let days = workspace.effective_retention_days();
        let shown = match workspace.retention_in_days {
            Some(days) => days.to_string(),
            None => format!("not set (default {days} days)"),
        };
        out.judge(
            days >= 365,
            Subject::new(
                &workspace.id,
                &workspace.name,
                "Microsoft.OperationalInsights/workspaces",
                workspace.location.as_deref(),
            ),
            format!("{}: retentionInDays is {shown}", workspace.name),
            json!({ "retentionInDays": workspace.retention_in_days }),
        );
    }
}
