//! Azure Cosmos DB accounts: network exposure, local authentication and encryption, all
//! from the subscription's account list.

use super::Fetched;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CosmosData {
    #[serde(default)]
    pub accounts: Fetched<Vec<CosmosAccount>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CosmosAccount {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `properties.publicNetworkAccess`; Microsoft's list example omits it.
    pub public_network_access: Option<String>,
    /// `properties.isVirtualNetworkFilterEnabled`; null means false.
    pub is_virtual_network_filter_enabled: Option<bool>,
    /// `properties.ipRules[].ipAddressOrRange`.
    pub ip_rules: Vec<String>,
    /// `properties.disableLocalAuth`; null means keys are accepted.
    pub disable_local_auth: Option<bool>,
    /// `properties.keyVaultKeyUri`: the customer-managed key, when one is set.
    pub key_vault_key_uri: Option<String>,
    /// `properties.privateEndpointConnections[].properties.privateLinkServiceConnectionState.status`.
    pub private_endpoint_statuses: Vec<Option<String>>,
}
