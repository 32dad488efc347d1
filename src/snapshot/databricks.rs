//! Azure Databricks workspaces: network isolation and encryption settings.

use super::Fetched;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct DatabricksData {
    /// `Microsoft.Databricks/workspaces` at subscription scope.
    #[serde(default)]
    pub workspaces: Fetched<Vec<DatabricksWorkspace>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DatabricksWorkspace {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `sku.name`: `standard`, `premium`, `trial`.
    pub sku_name: Option<String>,
    pub public_network_access: Option<String>,
    /// `properties.parameters.enableNoPublicIp.value` (secure cluster connectivity).
    pub enable_no_public_ip: Option<bool>,
    /// `properties.parameters.customVirtualNetworkId.value` (VNet injection).
    pub custom_virtual_network_id: Option<String>,
    /// `properties.encryption.entities.managedServices.keySource`.
    pub managed_services_key_source: Option<String>,
    /// `properties.encryption.entities.managedDisk.keySource`.
    pub managed_disk_key_source: Option<String>,
    /// `properties.parameters.encryption.value.keySource` (DBFS root).
    pub dbfs_key_source: Option<String>,
}
