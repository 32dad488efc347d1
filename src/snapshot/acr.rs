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
}
