//! Azure Cache for Redis caches (`Microsoft.Cache/redis`; Azure Managed Redis is a
//! different provider and is not read), with their firewall rules.

use super::Fetched;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RedisData {
    /// `Microsoft.Cache/redis` at subscription scope.
    #[serde(default)]
    pub caches: Fetched<Vec<RedisCache>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RedisCache {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `properties.sku.name`: `Basic`, `Standard`, `Premium`.
    pub sku_name: Option<String>,
    pub enable_non_ssl_port: Option<bool>,
    /// `properties.minimumTlsVersion`: `1.0`, `1.1`, `1.2`.
    pub minimum_tls_version: Option<String>,
    pub public_network_access: Option<String>,
    /// `properties.subnetId`: set when the cache is injected into a virtual network.
    pub subnet_id: Option<String>,
    /// `privateLinkServiceConnectionState.status` of each private endpoint connection.
    pub private_endpoint_statuses: Vec<Option<String>>,
    /// `{cacheId}/firewallRules`, read only for caches open to public networks (it
    /// only adds to the message).
    pub firewall_rules: Fetched<Vec<FirewallRule>>,
}

/// A start–end IPv4 firewall rule (Redis `startIP`/`endIP`, Synapse
/// `startIpAddress`/`endIpAddress`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FirewallRule {
    pub name: String,
    pub start: Option<String>,
    pub end: Option<String>,
}
