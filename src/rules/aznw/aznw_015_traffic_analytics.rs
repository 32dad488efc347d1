//! AZNW-015: enabled flow logs that do not send to Log Analytics (traffic analytics off).

use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::{Fetched, Snapshot};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("aznw", "AZNW-015", sources: [FlowLogs], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let watchers =
        out.judged_in_subscription(&snapshot.network.watchers, "the network watcher list");
    for watcher in watchers {
        let logs = match &watcher.flow_logs {
            Fetched::Ok(logs) => logs,
            unavailable => {
                let what = format!("the flow logs of network watcher {}", watcher.name);
                out.error(
                    Subject::of(watcher),
                    unavailable.unavailable_reason(&what).unwrap_or_default(),
                );
                continue;
            }
        };
        for log in logs.iter().filter(|log| log.enabled == Some(true)) {
            let enabled = log.traffic_analytics_enabled;
            let workspace = log.traffic_analytics_workspace_id.as_deref();
            let passed = enabled == Some(true) && workspace.is_some();
            let message = match (enabled, workspace) {
                (Some(true), Some(w)) => format!(
                    "{}: traffic analytics sends to Log Analytics workspace {}",
                    log.name,
                    super::name_of(w)
                ),
                (Some(true), None) => format!(
                    "{}: traffic analytics is enabled but names no workspaceResourceId",
                    log.name
                ),
                (value, _) => format!(
                    "{}: traffic analytics (networkWatcherFlowAnalyticsConfiguration.enabled) is {}",
                    log.name,
                    value.map_or("not set".to_string(), |v| v.to_string())
                ),
            };
            out.judge(
                passed,
                Subject::of(log),
                message,
                json!({
                    "flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.enabled": enabled,
                    "flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.workspaceResourceId": workspace,
                    "targetResourceId": log.target_resource_id,
                }),
            );
        }
    }
}
