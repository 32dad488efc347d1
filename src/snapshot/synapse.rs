//! Synapse Analytics workspaces with their firewall rules.

use super::Fetched;
use super::redis::FirewallRule;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SynapseData {
    /// `Microsoft.Synapse/workspaces` at subscription scope.
    #[serde(default)]
    pub workspaces: Fetched<Vec<SynapseWorkspace>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SynapseWorkspace {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub public_network_access: Option<String>,
    /// `properties.encryption.cmk.key.keyVaultUrl`: the customer-managed key.
    pub cmk_key_vault_url: Option<String>,
    /// `{workspaceId}/firewallRules`, read only when public access is not disabled
    /// (it only adds to the message).
    pub firewall_rules: Fetched<Vec<FirewallRule>>,
}
