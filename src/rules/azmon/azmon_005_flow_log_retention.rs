//! AZMON-005: flow logs keeping their records less than 90 days.

use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::network::FlowLog;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azmon", "AZMON-005", sources: [FlowLogs], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let watchers =
        out.judged_in_subscription(&snapshot.network.watchers, "the network watcher list");
    for watcher in watchers {
        let Some(flow_logs) = watcher.flow_logs.ok() else {
            // This watcher's flow logs are unknown; the other watchers' still count.
            let what = format!("the flow logs of network watcher {}", watcher.name);
            let reason = watcher
                .flow_logs
                .unavailable_reason(&what)
                .unwrap_or_default();
            let subject = Subject::of(watcher);
            out.error(subject, reason);
            continue;
        };
        for flow_log in flow_logs {
            judge(flow_log, out);
        }
    }
}

fn judge(flow_log: &FlowLog, out: &mut Verdicts) {
    let enabled = flow_log.retention_enabled == Some(true);
    // With retention on, a missing day count means 0: keep forever.
    let days = flow_log.retention_days.unwrap_or(0);
    let passed = enabled && (days == 0 || days >= 90);
    let message = if !enabled {
        format!(
            "{}: retention policy is not enabled (logs kept only as the storage account allows)",
            flow_log.name
        )
    } else if days == 0 {
        format!(
            "{}: retention policy keeps logs forever (days = 0)",
            flow_log.name
        )
    } else {
        format!("{}: retention policy keeps logs {days} days", flow_log.name)
    };
    out.judge(
        passed,
        Subject::of(flow_log),
        message,
        json!({
            "targetResourceId": flow_log.target_resource_id,
            "retentionPolicy.enabled": flow_log.retention_enabled,
            "retentionPolicy.days": flow_log.retention_days,
        }),
    );
}
