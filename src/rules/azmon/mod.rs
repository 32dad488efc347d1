//! Azure Monitor checks (AZMON-*): Activity Log export and retention, alerting,
//! resource diagnostic settings and log retention.

mod azmon_001_activity_log_not_exported;
mod azmon_002_activity_log_retention;
mod azmon_003_no_critical_operation_alerts;
mod azmon_004_vault_without_diagnostics;
mod azmon_005_flow_log_retention;
mod azmon_006_workspace_retention;
mod azmon_007_no_service_health_alert;

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
