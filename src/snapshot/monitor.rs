//! Azure Monitor data: diagnostic settings (shared by subscription and per-resource
//! settings), activity log alerts and Log Analytics workspaces.

use super::{Fetched, canonical_id};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MonitorData {
    /// The subscription's own settings: where the Activity Log is exported.
    pub subscription_diagnostic_settings: Fetched<Vec<DiagnosticSetting>>,
    pub activity_log_alerts: Fetched<Vec<ActivityLogAlert>>,
    pub workspaces: Fetched<Vec<Workspace>>,
}

/// An activity log alert rule (`Microsoft.Insights/activityLogAlerts`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ActivityLogAlert {
    pub id: String,
    pub name: String,
    /// `properties.enabled`; only `true` counts (CHECKS.md: a null is not true).
    pub enabled: Option<bool>,
    pub scopes: Vec<String>,
    /// `condition.allOf`: every entry must match for the alert to fire.
    pub all_of: Vec<AlertCondition>,
}

/// A leaf condition (`field` with `equals` or `containsAny`), or an `anyOf` of leaves.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertCondition {
    pub field: Option<String>,
    pub equals: Option<String>,
    pub contains_any: Vec<String>,
    pub any_of: Vec<AlertCondition>,
}

impl ActivityLogAlert {
    pub fn is_enabled(&self) -> bool {
        self.enabled == Some(true)
    }

    /// Whether the subscription itself (not only a resource group in it) is a scope.
    pub fn scopes_subscription(&self, subscription_resource_id: &str) -> bool {
        let wanted = canonical_id(subscription_resource_id);
        self.scopes.iter().any(|s| canonical_id(s) == wanted)
    }

    /// Every value the condition names for `field` (case-insensitive field name),
    /// through `equals`, `containsAny` and nested `anyOf`.
    pub fn values_of(&self, field: &str) -> Vec<&str> {
        fn walk<'a>(conditions: &'a [AlertCondition], field: &str, out: &mut Vec<&'a str>) {
            for condition in conditions {
                if condition
                    .field
                    .as_deref()
                    .is_some_and(|f| f.trim().eq_ignore_ascii_case(field))
                {
                    out.extend(condition.equals.as_deref());
                    out.extend(condition.contains_any.iter().map(String::as_str));
                }
                walk(&condition.any_of, field, out);
            }
        }
        let mut values = Vec::new();
        walk(&self.all_of, field, &mut values);
        values
    }

    /// Whether the condition names `value` for `field`, case-insensitively.
    pub fn matches(&self, field: &str, value: &str) -> bool {
        self.values_of(field)
            .iter()
            .any(|v| v.trim().eq_ignore_ascii_case(value))
    }
}

/// A Log Analytics workspace.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Workspace {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// Azure's default when absent is 30 days.
    pub retention_in_days: Option<i64>,
}

impl Workspace {
    pub const DEFAULT_RETENTION_DAYS: i64 = 30;

    pub fn effective_retention_days(&self) -> i64 {
        self.retention_in_days
            .unwrap_or(Self::DEFAULT_RETENTION_DAYS)
    }
}

/// One diagnostic setting: where logs go and which categories are enabled.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DiagnosticSetting {
    pub id: String,
    pub name: String,
    pub workspace_id: Option<String>,
    pub storage_account_id: Option<String>,
    pub event_hub_authorization_rule_id: Option<String>,
    /// A partner solution (`marketplacePartnerId`) is a destination too (CHECKS-2 D4).
    pub marketplace_partner_id: Option<String>,
    pub logs: Vec<LogSetting>,
}

impl DiagnosticSetting {
    /// A setting only exports anything when it names at least one destination.
    pub fn has_destination(&self) -> bool {
        [
            &self.workspace_id,
            &self.storage_account_id,
            &self.event_hub_authorization_rule_id,
            &self.marketplace_partner_id,
        ]
        .iter()
        .any(|d| d.as_deref().is_some_and(|s| !s.trim().is_empty()))
    }

    /// Whether an enabled log entry covers `category`, directly or through one of
    /// `groups` (e.g. `allLogs`, `audit`); all names compare case-insensitively.
    pub fn enables(&self, category: &str, groups: &[&str]) -> bool {
        self.logs.iter().filter(|l| l.enabled).any(|l| {
            l.category
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case(category))
                || l.category_group
                    .as_deref()
                    .is_some_and(|g| groups.iter().any(|want| g.eq_ignore_ascii_case(want)))
        })
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LogSetting {
    pub category: Option<String>,
    pub category_group: Option<String>,
    pub enabled: bool,
}
