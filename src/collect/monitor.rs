//! Azure Monitor collector: the subscription's Activity Log export settings, activity
//! log alerts and Log Analytics workspaces. Also owns reading diagnostic settings,
//! which other collectors reuse for per-resource settings (e.g. Key Vault for AZMON-004).

use super::{Collector, Source, json};
use crate::snapshot::Fetched;
use crate::snapshot::monitor::{
    ActivityLogAlert, AlertCondition, DiagnosticSetting, LogSetting, MonitorData, Workspace,
};
use serde_json::Value;

pub const DIAGNOSTICS_API_VERSION: &str = "2021-05-01-preview";
const ALERTS_API_VERSION: &str = "2020-10-01";
const WORKSPACES_API_VERSION: &str = "2025-02-01";
const SERVICE: &str = "monitor";

pub async fn collect(c: &Collector) -> MonitorData {
    let (subscription_diagnostic_settings, activity_log_alerts, workspaces) = tokio::join!(
        async {
            if !c.plan.wants(Source::SubscriptionDiagnostics) {
                return Fetched::NotCollected;
            }
            diagnostic_settings(c, SERVICE, &c.sub_path("")).await
        },
        async {
            if !c.plan.wants(Source::ActivityLogAlerts) {
                return Fetched::NotCollected;
            }
            let path = c.sub_path("/providers/Microsoft.Insights/activityLogAlerts");
            c.arm_list(SERVICE, &path, ALERTS_API_VERSION)
                .await
                .map(|items| items.iter().map(parse_alert).collect())
        },
        async {
            if !c.plan.wants(Source::Workspaces) {
                return Fetched::NotCollected;
            }
            let path = c.sub_path("/providers/Microsoft.OperationalInsights/workspaces");
            c.arm_list(SERVICE, &path, WORKSPACES_API_VERSION)
                .await
                .map(|items| items.iter().map(parse_workspace).collect())
        },
    );
    MonitorData {
        subscription_diagnostic_settings,
        activity_log_alerts,
        workspaces,
    }
}

/// `{resourceId}/providers/Microsoft.Insights/diagnosticSettings` for any resource
/// (or the subscription itself), parsed.
pub async fn diagnostic_settings(
    c: &Collector,
    service: &str,
    resource_id: &str,
) -> Fetched<Vec<DiagnosticSetting>> {
    let path = format!(
        "{}/providers/Microsoft.Insights/diagnosticSettings",
        resource_id.trim_end_matches('/')
    );
    c.arm_list(service, &path, DIAGNOSTICS_API_VERSION)
        .await
        .map(|items| items.iter().map(parse_diagnostic_setting).collect())
}

pub fn parse_diagnostic_setting(v: &Value) -> DiagnosticSetting {
    let non_empty = |pointer: &str| json::string(v, pointer).filter(|s| !s.trim().is_empty());
    DiagnosticSetting {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        workspace_id: non_empty("/properties/workspaceId"),
        storage_account_id: non_empty("/properties/storageAccountId"),
        event_hub_authorization_rule_id: non_empty("/properties/eventHubAuthorizationRuleId"),
        logs: json::array(v, "/properties/logs")
            .iter()
            .map(|log| LogSetting {
                category: json::string(log, "/category"),
                category_group: json::string(log, "/categoryGroup"),
                enabled: json::boolean(log, "/enabled").unwrap_or(false),
            })
            .collect(),
    }
}

pub(super) fn parse_alert(v: &Value) -> ActivityLogAlert {
    ActivityLogAlert {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        enabled: json::boolean(v, "/properties/enabled"),
        scopes: json::strings(v, "/properties/scopes"),
        all_of: json::array(v, "/properties/condition/allOf")
            .iter()
            .map(parse_condition)
            .collect(),
    }
}

fn parse_condition(v: &Value) -> AlertCondition {
    AlertCondition {
        field: json::string(v, "/field"),
        equals: json::string(v, "/equals"),
        contains_any: json::strings(v, "/containsAny"),
        any_of: json::array(v, "/anyOf")
            .iter()
            .map(parse_condition)
            .collect(),
    }
}

pub(super) fn parse_workspace(v: &Value) -> Workspace {
    Workspace {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        location: json::string(v, "/location"),
        retention_in_days: json::number(v, "/properties/retentionInDays").map(|d| d as i64),
    }
}
