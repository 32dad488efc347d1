//! API Management services with their gateway settings and, per service, the APIs
//! and the protocols each accepts.

use super::Fetched;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ApimData {
    /// `Microsoft.ApiManagement/service` at subscription scope.
    #[serde(default)]
    pub services: Fetched<Vec<ApimService>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ApimService {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `sku.name`: `Consumption`, `Developer`, `Basic`, `Standard`, `Premium`, v2 tiers.
    pub sku_name: Option<String>,
    /// `properties.customProperties`, values as text (`"true"`, `"False"`), keys as
    /// returned.
    pub custom_properties: BTreeMap<String, String>,
    /// `properties.createdAtUtc` as returned (the protocol defaults depend on it).
    pub created_at_utc: Option<String>,
    pub public_network_access: Option<String>,
    /// `properties.virtualNetworkType`: `None`, `External`, `Internal`.
    pub virtual_network_type: Option<String>,
    /// `{serviceId}/apis`.
    pub apis: Fetched<Vec<ApimApi>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ApimApi {
    pub id: String,
    pub name: String,
    pub display_name: Option<String>,
    /// `properties.protocols`: `http`, `https`, `ws`, `wss`.
    pub protocols: Vec<String>,
}
