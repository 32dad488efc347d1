//! Azure Monitor checks (AZMON-*): Activity Log export and retention, alerting,
//! resource diagnostic settings and log retention, Application Insights and the
//! export of Microsoft Entra logs.

mod activity_log_storage;
mod alert_coverage;
mod azmon_001_activity_log_not_exported;
mod azmon_002_activity_log_retention;
mod azmon_003_no_critical_operation_alerts;
mod azmon_004_vault_without_diagnostics;
mod azmon_005_flow_log_retention;
mod azmon_006_workspace_retention;
mod azmon_007_no_service_health_alert;
mod azmon_008_no_alert_policy_assignment_deletion;
mod azmon_009_no_alert_nsg_deletion_or_rule_changes;
mod azmon_010_no_alert_security_solution_changes;
mod azmon_011_no_alert_sql_firewall_rule_changes;
mod azmon_012_no_alert_public_ip_changes;
mod azmon_013_activity_log_storage_public;
mod azmon_014_activity_log_storage_no_cmk;
mod azmon_015_no_application_insights;
mod azmon_016_resource_without_diagnostics;
mod azmon_017_entra_logs_not_exported;

use super::shape;
use super::{Check, Verdicts};
use crate::snapshot::Snapshot;
use crate::snapshot::monitor::{ActivityLogAlert, Workspace};

pub const CHECKS: &[Check] = &[
    azmon_001_activity_log_not_exported::CHECK,
    azmon_002_activity_log_retention::CHECK,
    azmon_003_no_critical_operation_alerts::CHECK,
    azmon_004_vault_without_diagnostics::CHECK,
    azmon_005_flow_log_retention::CHECK,
    azmon_006_workspace_retention::CHECK,
    azmon_007_no_service_health_alert::CHECK,
    azmon_008_no_alert_policy_assignment_deletion::CHECK,
    azmon_009_no_alert_nsg_deletion_or_rule_changes::CHECK,
    azmon_010_no_alert_security_solution_changes::CHECK,
    azmon_011_no_alert_sql_firewall_rule_changes::CHECK,
    azmon_012_no_alert_public_ip_changes::CHECK,
    azmon_013_activity_log_storage_public::CHECK,
    azmon_014_activity_log_storage_no_cmk::CHECK,
    azmon_015_no_application_insights::CHECK,
    azmon_016_resource_without_diagnostics::CHECK,
    azmon_017_entra_logs_not_exported::CHECK,
];

/// The enabled alerts whose scopes include the subscription itself (an alert scoped to
/// one resource group does not watch the whole subscription).
fn subscription_alerts<'s>(
    snapshot: &'s Snapshot,
    out: &mut Verdicts,
) -> Option<Vec<&'s ActivityLogAlert>> {
    let alerts = out.readable_in_subscription(
        &snapshot.monitor.activity_log_alerts,
        "the activity log alert list",
    )?;
    let subscription = snapshot.subscription_resource_id();
    Some(
        alerts
            .iter()
            .filter(|a| a.is_enabled() && a.scopes_subscription(&subscription))
            .collect(),
    )
}

shape::named_resource!(Workspace, list: "the Log Analytics workspace list", called: "workspace");
