//! AKS managed clusters as the AKS checks (and, through their identities, RBAC checks)
//! see them: one subscription list, plus each cluster's diagnostic settings.

use super::Fetched;
use super::identity::Identity;
use super::monitor::DiagnosticSetting;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AksData {
    /// `Microsoft.ContainerService/managedClusters` of the subscription.
    pub clusters: Fetched<Vec<ManagedCluster>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ManagedCluster {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `identity`: the cluster's own managed identity.
    pub identity: Option<Identity>,
    /// `identityProfile.kubeletidentity.objectId`: the identity the nodes pull images
    /// and call Azure with.
    pub kubelet_identity_object_id: Option<String>,
    /// `enableRBAC`.
    pub enable_rbac: Option<bool>,
    /// `aadProfile`, when present (legacy or managed Entra integration).
    pub aad_profile: Option<AadProfile>,
    /// `disableLocalAccounts`.
    pub disable_local_accounts: Option<bool>,
    /// `apiServerAccessProfile.enablePrivateCluster`.
    pub enable_private_cluster: Option<bool>,
    /// `apiServerAccessProfile.authorizedIPRanges`.
    pub authorized_ip_ranges: Vec<String>,
    /// `networkProfile.networkPolicy`: `calico`, `azure`, `cilium` or `none`.
    pub network_policy: Option<String>,
    /// `securityProfile.defender.securityMonitoring.enabled`.
    pub defender_security_monitoring: Option<bool>,
    /// `autoUpgradeProfile.upgradeChannel`.
    pub upgrade_channel: Option<String>,
    /// `addonProfiles`, one entry per key as ARM spelled it (`azurepolicy`/`azurePolicy`).
    pub addons: Vec<Addon>,
    /// `agentPoolProfiles[]`.
    pub agent_pools: Vec<AgentPool>,
    /// `{clusterId}/providers/Microsoft.Insights/diagnosticSettings` (AKS-010).
    pub diagnostic_settings: Fetched<Vec<DiagnosticSetting>>,
}

impl ManagedCluster {
    /// The add-on named `name`, the key compared case-insensitively.
    pub fn addon(&self, name: &str) -> Option<&Addon> {
        self.addons
            .iter()
            .find(|a| a.name.trim().eq_ignore_ascii_case(name))
    }
}

/// `aadProfile`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AadProfile {
    /// `managed`: the AKS-managed Entra integration (the legacy one is retired).
    pub managed: Option<bool>,
    /// `enableAzureRBAC`: Kubernetes authorization through Azure RBAC.
    pub enable_azure_rbac: Option<bool>,
}

/// One `addonProfiles` entry.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Addon {
    /// The key, as ARM spelled it.
    pub name: String,
    pub enabled: Option<bool>,
}

/// One `agentPoolProfiles[]` entry.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentPool {
    pub name: String,
    /// `enableNodePublicIP`.
    pub enable_node_public_ip: Option<bool>,
}
