//! Data factories (`Microsoft.DataFactory/factories`).

use super::Fetched;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DataFactoryData {
    /// `Microsoft.DataFactory/factories` at subscription scope.
    #[serde(default)]
    pub factories: Fetched<Vec<DataFactory>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DataFactory {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub public_network_access: Option<String>,
    /// `properties.encryption.vaultBaseUrl` of a customer-managed key.
    pub encryption_vault_base_url: Option<String>,
    /// `properties.encryption.keyName`.
    pub encryption_key_name: Option<String>,
}
