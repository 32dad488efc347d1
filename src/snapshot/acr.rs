//! Container registries as the ACR checks see them.

use super::Fetched;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AcrData {
    #[serde(default)]
    pub registries: Fetched<Vec<Registry>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Registry {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `Basic`, `Standard`, `Premium`.
    pub sku: Option<String>,
    pub admin_user_enabled: Option<bool>,
    pub public_network_access: Option<String>,
    /// `networkRuleSet.defaultAction`: enforced only on the Premium SKU.
    pub network_default_action: Option<String>,
    /// `policies.trustPolicy.status`.
    pub trust_policy_status: Option<String>,
    /// `anonymousPullEnabled`; absent means false (ACR-006).
    pub anonymous_pull_enabled: Option<bool>,
    /// `policies.quarantinePolicy.status` (Premium only).
    pub quarantine_policy_status: Option<String>,
    /// `policies.exportPolicy.status` (Premium only); absent means enabled.
    pub export_policy_status: Option<String>,
    /// `policies.retentionPolicy.status` (Premium only).
    pub retention_policy_status: Option<String>,
    /// `policies.retentionPolicy.days`.
    pub retention_days: Option<i64>,
    /// `dataEndpointEnabled` (Premium only).
    pub data_endpoint_enabled: Option<bool>,
    /// `dataEndpointHostNames`.
    pub data_endpoint_host_names: Vec<String>,
    /// `privateEndpointConnections[]`, as listed with the registry.
    pub private_endpoint_connections: Vec<PrivateEndpointConnection>,
}

impl Registry {
    /// ACR-007…011 judge settings that exist only on the Premium SKU.
    pub fn is_premium(&self) -> bool {
        super::eq_ci(self.sku.as_deref(), "Premium")
    }
}

/// One private endpoint connection of a resource (D3).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PrivateEndpointConnection {
    pub id: Option<String>,
    /// `properties.privateLinkServiceConnectionState.status`: only `Approved` counts.
    pub status: Option<String>,
}
