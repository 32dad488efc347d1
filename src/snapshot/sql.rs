//! Azure SQL logical servers with the per-server settings the AZSQL checks judge. Each
//! sub-resource is fetched on its own, so one failed call leaves the others usable.

use super::Fetched;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SqlData {
    #[serde(default)]
    pub servers: Fetched<Vec<SqlServer>>,
    /// `GET /subscriptions/{s}/providers/Microsoft.Sql/managedInstances`.
    #[serde(default)]
    pub managed_instances: Fetched<Vec<ManagedInstance>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SqlServer {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `Enabled`, `Disabled` or `SecuredByPerimeter`; Azure's default when absent is Enabled.
    pub public_network_access: Option<String>,
    /// `properties.administrators` from the server list, when the list carries it.
    pub listed_administrator: Option<SqlAdministrator>,
    /// `{serverId}/encryptionProtector/current`.
    pub encryption_protector: Fetched<EncryptionProtector>,
    /// `{serverId}/auditingSettings/default` (snapshots before 0.2 held only its state,
    /// as `auditing_state`).
    #[serde(alias = "auditing_state")]
    pub auditing: Fetched<AuditingSettings>,
    /// `{serverId}/administrators`.
    pub administrators: Fetched<Vec<SqlAdministrator>>,
    /// `{serverId}/advancedThreatProtectionSettings/Default` (formerly
    /// `threat_protection_state`, its state only).
    #[serde(alias = "threat_protection_state")]
    pub threat_protection: Fetched<ThreatProtectionSettings>,
    /// `properties.minimalTlsVersion`: `1.0`…`1.3`, or `None` (any version accepted).
    pub minimal_tls_version: Option<String>,
    /// `{serverId}/firewallRules`; not read when public access is off (the rules are inert).
    pub firewall_rules: Fetched<Vec<FirewallRule>>,
    /// `{serverId}/sqlVulnerabilityAssessments/default` (express configuration; 404 = off).
    pub vulnerability_assessment_express: Fetched<ExpressVulnerabilityAssessment>,
    /// `{serverId}/vulnerabilityAssessments/default` (classic configuration; 404 = off).
    pub vulnerability_assessment_classic: Fetched<ClassicVulnerabilityAssessment>,
    /// `{serverId}/azureADOnlyAuthentications/Default` (404 = no setting).
    pub entra_only_authentication: Fetched<EntraOnlyAuthentication>,
    /// `{serverId}/databases`, `master` included as listed.
    pub databases: Fetched<Vec<SqlDatabase>>,
    /// Diagnostic settings of `{serverId}/databases/master`: where Azure Monitor audit
    /// logs go. Read only when auditing is on with the Azure Monitor target.
    pub master_diagnostic_settings: Fetched<Vec<super::monitor::DiagnosticSetting>>,
}

/// A server-level firewall rule (SQL, PostgreSQL and MySQL share the shape).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FirewallRule {
    pub name: String,
    pub start_ip_address: Option<String>,
    pub end_ip_address: Option<String>,
}

impl FirewallRule {
    /// Start and end are both 0.0.0.0: Azure's "allow Azure services" rule.
    pub fn is_all_azure_services(&self) -> bool {
        let zero = |v: &Option<String>| v.as_deref().map(str::trim) == Some("0.0.0.0");
        zero(&self.start_ip_address) && zero(&self.end_ip_address)
    }

    /// `name (start–end)`, as messages name a rule.
    pub fn describe(&self) -> String {
        format!(
            "{} ({}-{})",
            self.name,
            self.start_ip_address.as_deref().unwrap_or("?"),
            self.end_ip_address.as_deref().unwrap_or("?")
        )
    }
}

/// Express vulnerability assessment settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ExpressVulnerabilityAssessment {
    /// `Enabled` or `Disabled`; None after a 404 (never configured).
    pub state: Option<String>,
}

/// Classic vulnerability assessment settings (scan results kept in a storage container).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ClassicVulnerabilityAssessment {
    pub storage_container_path: Option<String>,
    /// `recurringScans.isEnabled`.
    pub recurring_scans_enabled: Option<bool>,
}

/// `{serverId}/azureADOnlyAuthentications/Default`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EntraOnlyAuthentication {
    /// None after a 404.
    pub azure_ad_only_authentication: Option<bool>,
}

/// A database of a logical server, as `{serverId}/databases` lists it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SqlDatabase {
    /// The ID azscan requested sub-resources under (from the list).
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `{databaseId}/transparentDataEncryption/current`.
    pub transparent_data_encryption: Fetched<TransparentDataEncryption>,
}

impl SqlDatabase {
    /// The `master` system database, which holds no user data of its own: by its name,
    /// as listed or as the last segment of its ID (the name ARM addresses it by).
    pub fn is_master(&self) -> bool {
        let last = self
            .id
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("");
        [self.name.as_str(), last]
            .iter()
            .any(|name| name.trim().eq_ignore_ascii_case("master"))
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TransparentDataEncryption {
    /// `Enabled` or `Disabled`.
    pub state: Option<String>,
}

/// An Azure SQL Managed Instance.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ManagedInstance {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `properties.publicDataEndpointEnabled`; absent means off.
    pub public_data_endpoint_enabled: Option<bool>,
}

/// `{serverId}/auditingSettings/default`: the whole settings object, so the next check
/// on it needs no snapshot change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "SettingsRepr<AuditingFields>")]
pub struct AuditingSettings {
    /// `Enabled` or `Disabled`.
    pub state: Option<String>,
    /// `retentionDays` (0 means keep forever).
    pub retention_days: Option<i64>,
    /// `isAzureMonitorTargetEnabled`: audit logs go to Azure Monitor.
    pub is_azure_monitor_target_enabled: Option<bool>,
    /// `storageEndpoint`: audit logs go to this storage account endpoint.
    pub storage_endpoint: Option<String>,
    /// `auditActionsAndGroups`.
    pub audit_actions_and_groups: Vec<String>,
}

/// `{serverId}/advancedThreatProtectionSettings/Default`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(from = "SettingsRepr<ThreatProtectionFields>")]
pub struct ThreatProtectionSettings {
    /// `Enabled` or `Disabled`.
    pub state: Option<String>,
}

/// Settings as written now (an object), or as older snapshots wrote them (the state
/// alone, possibly null).
#[derive(Deserialize)]
#[serde(untagged)]
enum SettingsRepr<T> {
    Current(T),
    StateOnly(Option<String>),
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct AuditingFields {
    state: Option<String>,
    retention_days: Option<i64>,
    is_azure_monitor_target_enabled: Option<bool>,
    storage_endpoint: Option<String>,
    audit_actions_and_groups: Vec<String>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ThreatProtectionFields {
    state: Option<String>,
}

impl From<SettingsRepr<AuditingFields>> for AuditingSettings {
    fn from(repr: SettingsRepr<AuditingFields>) -> AuditingSettings {
        match repr {
            SettingsRepr::Current(f) => AuditingSettings {
                state: f.state,
                retention_days: f.retention_days,
                is_azure_monitor_target_enabled: f.is_azure_monitor_target_enabled,
                storage_endpoint: f.storage_endpoint,
                audit_actions_and_groups: f.audit_actions_and_groups,
            },
            SettingsRepr::StateOnly(state) => AuditingSettings {
                state,
                ..Default::default()
            },
        }
    }
}

impl From<SettingsRepr<ThreatProtectionFields>> for ThreatProtectionSettings {
    fn from(repr: SettingsRepr<ThreatProtectionFields>) -> ThreatProtectionSettings {
        match repr {
            SettingsRepr::Current(f) => ThreatProtectionSettings { state: f.state },
            SettingsRepr::StateOnly(state) => ThreatProtectionSettings { state },
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EncryptionProtector {
    /// `ServiceManaged` or `AzureKeyVault`.
    pub server_key_type: Option<String>,
    pub server_key_name: Option<String>,
    /// `uri` of the Key Vault key, for `AzureKeyVault`.
    pub uri: Option<String>,
    pub auto_rotation_enabled: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SqlAdministrator {
    /// `ActiveDirectory` is the only type Azure defines.
    pub administrator_type: Option<String>,
    pub login: Option<String>,
    pub azure_ad_only_authentication: Option<bool>,
}

impl SqlAdministrator {
    pub fn is_entra(&self) -> bool {
        super::eq_ci(self.administrator_type.as_deref(), "ActiveDirectory")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn master_is_known_by_its_name_or_its_id_and_the_azure_rule_by_its_zeros() {
        let database = |id: &str, name: &str| SqlDatabase {
            id: id.into(),
            name: name.into(),
            ..Default::default()
        };
        assert!(database("/s/databases/master", "master").is_master());
        assert!(database("/s/databases/MASTER/", "master-c1").is_master());
        assert!(!database("/s/databases/masterdata", "masterdata").is_master());
        let rule = |start: &str, end: &str| FirewallRule {
            name: "r".into(),
            start_ip_address: Some(start.into()),
            end_ip_address: Some(end.into()),
        };
        assert!(rule(" 0.0.0.0", "0.0.0.0").is_all_azure_services());
        assert!(!rule("0.0.0.0", "255.255.255.255").is_all_azure_services());
        assert_eq!(rule("1.2.3.4", "1.2.3.5").describe(), "r (1.2.3.4-1.2.3.5)");
    }

    #[test]
    fn older_snapshots_with_only_the_state_still_load() {
        let server: SqlServer = serde_json::from_value(serde_json::json!({
            "id": "/s", "name": "s",
            "auditing_state": {"ok": "Enabled"},
            "threat_protection_state": {"ok": null}
        }))
        .unwrap();
        assert_eq!(
            server.auditing.ok().unwrap().state.as_deref(),
            Some("Enabled")
        );
        assert_eq!(server.threat_protection.ok().unwrap().state, None);
        let now = serde_json::to_value(&server).unwrap();
        assert_eq!(now["auditing"]["ok"]["state"], "Enabled");
        let again: SqlServer = serde_json::from_value(now).unwrap();
        assert_eq!(
            again.auditing.ok().unwrap().state.as_deref(),
            Some("Enabled")
        );
    }
}
