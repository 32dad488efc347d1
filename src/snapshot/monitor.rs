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
    /// Application Insights components (`Microsoft.Insights/components`).
    pub app_insights_components: Fetched<Vec<AppInsightsComponent>>,
    /// Resources of the types AZMON-016 judges (M2), each with its diagnostic settings.
    pub resources: Fetched<Vec<MonitoredResource>>,
    /// Microsoft Entra ID's own diagnostic settings (`microsoft.aadiam`, tenant scope).
    pub aad_diagnostic_settings: Fetched<Vec<DiagnosticSetting>>,
}

/// M2: the resource types whose logs AZMON-016 expects in a diagnostic destination
/// (types with a dedicated check are left out: Key Vault, App Service, AKS, Storage,
/// SQL auditing), the default of `monitor.diagnostic_resource_types`. Compared
/// case-insensitively.
pub const DIAGNOSTIC_RESOURCE_TYPES: &[&str] = &[
    "Microsoft.Network/applicationGateways",
    "Microsoft.Network/azureFirewalls",
    "Microsoft.Cdn/profiles",
    "Microsoft.Network/frontDoors",
    "Microsoft.DocumentDB/databaseAccounts",
    "Microsoft.EventHub/namespaces",
    "Microsoft.ServiceBus/namespaces",
    "Microsoft.Logic/workflows",
    "Microsoft.ApiManagement/service",
    "Microsoft.CognitiveServices/accounts",
    "Microsoft.Cache/redis",
    "Microsoft.DBforPostgreSQL/flexibleServers",
    "Microsoft.DBforMySQL/flexibleServers",
    "Microsoft.Databricks/workspaces",
    "Microsoft.Synapse/workspaces",
    "Microsoft.DataFactory/factories",
    "Microsoft.Search/searchServices",
    "Microsoft.RecoveryServices/vaults",
    "Microsoft.ContainerRegistry/registries",
];

/// An Application Insights component.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AppInsightsComponent {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
}

/// A resource from the generic resource list, with its diagnostic settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MonitoredResource {
    pub id: String,
    pub name: String,
    /// The ARM type as listed (`Microsoft.Network/azureFirewalls`).
    pub resource_type: String,
    pub location: Option<String>,
    /// `sku.name` (CDN profiles: `Standard_AzureFrontDoor`, `Standard_Microsoft`, ...).
    pub sku: Option<String>,
    /// `{resourceId}/providers/Microsoft.Insights/diagnosticSettings`.
    pub diagnostic_settings: Fetched<Vec<DiagnosticSetting>>,
}

impl MonitoredResource {
    /// Whether AZMON-016 judges it: one of `types`, and a CDN profile only when it is a
    /// Front Door Standard/Premium profile (classic CDN is out of scope).
    pub fn in_scope(&self, types: &[String]) -> bool {
        let listed = types
            .iter()
            .any(|t| t.trim().eq_ignore_ascii_case(self.resource_type.trim()));
        if !listed {
            return false;
        }
        if self
            .resource_type
            .trim()
            .eq_ignore_ascii_case("Microsoft.Cdn/profiles")
        {
            return ["Standard_AzureFrontDoor", "Premium_AzureFrontDoor"]
                .iter()
                .any(|sku| super::eq_ci(self.sku.as_deref(), sku));
        }
        true
    }
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
    /// `actions.actionGroups[].actionGroupId`: who the alert notifies.
    pub action_groups: Vec<String>,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(resource_type: &str, sku: Option<&str>) -> MonitoredResource {
        MonitoredResource {
            resource_type: resource_type.into(),
            sku: sku.map(str::to_string),
            ..MonitoredResource::default()
        }
    }

    #[test]
    fn only_listed_types_and_front_door_cdn_profiles_are_in_scope() {
        let m2: Vec<String> = DIAGNOSTIC_RESOURCE_TYPES
            .iter()
            .map(|t| t.to_string())
            .collect();
        assert!(resource("microsoft.network/AZUREFIREWALLS", None).in_scope(&m2));
        assert!(resource("Microsoft.Cdn/profiles", Some("premium_azurefrontdoor")).in_scope(&m2));
        assert!(!resource("Microsoft.Cdn/profiles", Some("Standard_Microsoft")).in_scope(&m2));
        assert!(!resource("Microsoft.Cdn/profiles", None).in_scope(&m2));
        assert!(!resource("Microsoft.KeyVault/vaults", None).in_scope(&m2));
        let own = vec!["Microsoft.KeyVault/vaults".to_string()];
        assert!(resource("Microsoft.KeyVault/vaults", None).in_scope(&own));
        assert!(!resource("Microsoft.Network/azureFirewalls", None).in_scope(&own));
    }
}
