//! AZSQL-008: audited SQL servers whose audit logs are kept fewer than 90 days by every
//! target (storage `retentionDays`, or the Log Analytics workspace that `master`'s
//! diagnostic settings send `SQLSecurityAuditEvents` to).

use crate::rules::shape::diagnostics::{AUDIT_OR_ALL_LOGS, exporting};
use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::sql::SqlServer;
use crate::snapshot::{Fetched, Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azsql", "AZSQL-008",
    sources: [SqlServers, SqlAuditing, SqlMasterDiagnostics, Workspaces], run: run);

const REQUIRED_DAYS: i64 = 90;
/// Log Analytics keeps data 30 days when a workspace sets no retention.
const WORKSPACE_DEFAULT_DAYS: i64 = 30;

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for server in each(out, &snapshot.sql.servers) {
        let subject = server.subject();
        let what = format!("the auditing settings of {}", server.described());
        let Some(auditing) = out.part(&server.auditing, &subject, &what) else {
            continue;
        };
        // Only servers that audit at all are in scope (AZSQL-002 judges the rest).
        if !eq_ci(auditing.state.as_deref(), "Enabled") {
            continue;
        }
        let mut kept = Vec::new();
        let mut short = Vec::new();
        let mut unknown = Vec::new();
        let storage = auditing
            .storage_endpoint
            .as_deref()
            .filter(|e| !e.trim().is_empty());
        if storage.is_some() {
            // Null retention is read as 0: kept indefinitely.
            match auditing.retention_days.unwrap_or(0) {
                0 => kept.push("storage keeps audit logs indefinitely (retentionDays 0)".into()),
                days if days >= REQUIRED_DAYS => {
                    kept.push(format!("storage retentionDays is {days}"))
                }
                days => short.push(format!("storage retentionDays is {days}")),
            }
        }
        if auditing.is_azure_monitor_target_enabled == Some(true) {
            log_analytics(snapshot, server, &mut kept, &mut short, &mut unknown);
        }
        let evidence = json!({
            "storageEndpoint": storage,
            "retentionDays": auditing.retention_days,
            "isAzureMonitorTargetEnabled": auditing.is_azure_monitor_target_enabled,
        });
        let name = &server.name;
        if !kept.is_empty() {
            out.pass(subject, format!("{name}: {}", kept.join("; ")), evidence);
        } else if !unknown.is_empty() {
            let mut said = unknown;
            said.extend(short);
            out.error(subject, format!("{name}: {}", said.join("; ")));
        } else if short.is_empty() {
            out.fail(
                subject,
                format!(
                    "{name}: auditing has no target that keeps logs (no storage account or Log Analytics workspace; an event hub keeps nothing)"
                ),
                evidence,
            );
        } else {
            out.fail(
                subject,
                format!(
                    "{name}: {} (fewer than {REQUIRED_DAYS} days)",
                    short.join("; ")
                ),
                evidence,
            );
        }
    }
}

/// The Log Analytics copy: each workspace a `master` diagnostic setting sends
/// `SQLSecurityAuditEvents` to, judged by the workspace's `retentionInDays`.
fn log_analytics(
    snapshot: &Snapshot,
    server: &SqlServer,
    kept: &mut Vec<String>,
    short: &mut Vec<String>,
    unknown: &mut Vec<String>,
) {
    let settings = match &server.master_diagnostic_settings {
        Fetched::Ok(settings) => settings,
        unavailable => {
            let what = format!(
                "the diagnostic settings of the master database of SQL server {}",
                server.name
            );
            unknown.extend(unavailable.unavailable_reason(&what));
            return;
        }
    };
    let workspaces: Vec<&str> = exporting(settings, "SQLSecurityAuditEvents", AUDIT_OR_ALL_LOGS)
        .into_iter()
        .filter_map(|s| s.workspace_id.as_deref())
        .collect();
    for workspace_id in workspaces {
        if !matches!(snapshot.monitor.workspaces, Fetched::Ok(_)) {
            unknown.extend(snapshot.monitor.workspaces.unavailable_reason(&format!(
                "the Log Analytics workspace list (needed for {workspace_id})"
            )));
            continue;
        }
        let Some(workspace) = snapshot.joins().workspace(workspace_id) else {
            unknown.push(format!(
                "audit logs go to workspace {workspace_id}, which is outside the scan (its retention cannot be read)"
            ));
            continue;
        };
        let days = workspace
            .retention_in_days
            .unwrap_or(WORKSPACE_DEFAULT_DAYS);
        let said = format!("workspace {} retentionInDays is {days}", workspace.name);
        if days >= REQUIRED_DAYS {
            kept.push(said);
        } else {
            short.push(said);
        }
    }
}
