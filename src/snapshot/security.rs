//! Microsoft Defender for Cloud data, all at subscription scope: plan pricings, security
//! contacts, integration settings, auto-provisioning, machine vulnerability-assessment
//! settings, the secure score, assessments, and just-in-time VM access policies.

use super::Fetched;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SecurityData {
    /// `Microsoft.Security/pricings` at subscription scope.
    #[serde(default)]
    pub pricings: Fetched<Vec<Pricing>>,
    /// `Microsoft.Security/jitNetworkAccessPolicies` at subscription scope.
    #[serde(default)]
    pub jit_policies: Fetched<Vec<JitPolicy>>,
    /// `Microsoft.Security/securityContacts` (at most one, `default`).
    #[serde(default)]
    pub contacts: Fetched<Vec<SecurityContact>>,
    /// `Microsoft.Security/settings` (`MCAS`, `WDATP`, `Sentinel`, ...).
    #[serde(default)]
    pub settings: Fetched<Vec<SecuritySetting>>,
    /// `Microsoft.Security/autoProvisioningSettings` (`default`).
    #[serde(default)]
    pub auto_provisioning: Fetched<Vec<AutoProvisioning>>,
    /// `Microsoft.Security/serverVulnerabilityAssessmentsSettings`.
    #[serde(default)]
    pub va_settings: Fetched<Vec<VaSetting>>,
    /// `Microsoft.Security/secureScores` (`ascScore`).
    #[serde(default)]
    pub secure_scores: Fetched<Vec<SecureScore>>,
    /// `Microsoft.Security/assessments`, only those whose key a check judges
    /// (`rules::shape::assessment::all_keys`): a subscription holds thousands.
    #[serde(default)]
    pub assessments: Fetched<Vec<Assessment>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Pricing {
    /// Plan name: `Containers`, `ContainerRegistry`, `VirtualMachines`, ...
    pub name: String,
    /// `Free` or `Standard`.
    pub pricing_tier: Option<String>,
    /// `P1`/`P2` (servers), `DefenderForStorageV2`/`PerTransaction` (storage), ...
    pub sub_plan: Option<String>,
    /// `FullyCovered`, `PartiallyCovered`, `NotCovered`.
    pub resources_coverage_status: Option<String>,
    /// When the plan was turned on, as returned.
    pub enablement_time: Option<String>,
    /// The plan is retired (`replaced_by` names its successors).
    pub deprecated: Option<bool>,
    pub replaced_by: Vec<String>,
    pub extensions: Vec<PlanExtension>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanExtension {
    pub name: String,
    /// `"True"`/`"False"` in the spec, a JSON boolean in some answers: kept as sent
    /// and read by `rules::shape::plan::extension_enabled`.
    pub is_enabled: Option<Value>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct JitPolicy {
    pub id: String,
    pub name: String,
    /// IDs of the virtual machines the policy lists, as returned.
    pub virtual_machine_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SecurityContact {
    pub id: String,
    pub name: String,
    /// Null counts as enabled.
    pub is_enabled: Option<bool>,
    /// `;`- or `,`-separated addresses, as returned.
    pub emails: Option<String>,
    /// `notificationsByRole`; None when absent or null.
    pub notifications_by_role: Option<RoleNotifications>,
    pub notifications_sources: Vec<NotificationSource>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RoleNotifications {
    /// `On` or `Off`.
    pub state: Option<String>,
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NotificationSource {
    /// `Alert` or `AttackPath`.
    pub source_type: Option<String>,
    /// For alerts: `High`, `Medium`, `Low`.
    pub minimal_severity: Option<String>,
    /// For attack paths: `Critical`, `High`, `Medium`, `Low`.
    pub minimal_risk_level: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SecuritySetting {
    pub name: String,
    pub kind: Option<String>,
    pub enabled: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AutoProvisioning {
    pub name: String,
    /// `On` or `Off`.
    pub auto_provision: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VaSetting {
    pub name: String,
    /// `AzureServersSetting`.
    pub kind: Option<String>,
    /// `MdeTvm`.
    pub selected_provider: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SecureScore {
    pub name: String,
    pub current: Option<f64>,
    pub max: Option<f64>,
    /// `current / max` as a ratio (0–1, four decimals), not a percentage.
    pub percentage: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Assessment {
    pub id: String,
    /// The assessment key: the item's `name` (a GUID), kept as `key` because it names
    /// the recommendation, not the resource.
    pub key: String,
    /// `properties.resourceDetails.Id` (the key read in any case), as returned.
    pub resource_details_id: Option<String>,
    pub display_name: Option<String>,
    /// `Healthy`, `Unhealthy`, `NotApplicable`.
    pub status_code: Option<String>,
    /// Why the status is what it is (given for NotApplicable).
    pub status_cause: Option<String>,
    pub status_description: Option<String>,
}
