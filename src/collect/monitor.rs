//! Azure Monitor collector. Also owns reading diagnostic settings, which other
//! collectors reuse for per-resource settings (e.g. Key Vault for AZMON-004).

use super::{Collector, json};
use crate::snapshot::Fetched;
use crate::snapshot::monitor::{DiagnosticSetting, LogSetting, MonitorData};
use serde_json::Value;

pub const DIAGNOSTICS_API_VERSION: &str = "2021-05-01-preview";

pub async fn collect(_c: &Collector) -> MonitorData {
    MonitorData::default()
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
