//! Azure Database for PostgreSQL flexible servers with their server parameters (D6) and
//! firewall rules, each read per server on its own.

use super::Fetched;
use super::sql::FirewallRule;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PostgresData {
    #[serde(default)]
    pub servers: Fetched<Vec<PostgresServer>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PostgresServer {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `properties.network.publicNetworkAccess`; `Disabled` for VNet-injected servers.
    pub public_network_access: Option<String>,
    /// `properties.authConfig.activeDirectoryAuth`: `Enabled` or `Disabled`.
    pub active_directory_auth: Option<String>,
    /// `properties.authConfig.passwordAuth`.
    pub password_auth: Option<String>,
    /// `properties.privateEndpointConnections[].properties.privateLinkServiceConnectionState.status`.
    pub private_endpoint_statuses: Vec<Option<String>>,
    /// `{serverId}/configurations`, every page.
    pub parameters: Fetched<Vec<ServerParameter>>,
    /// `{serverId}/firewallRules`; not read when public access is off.
    pub firewall_rules: Fetched<Vec<FirewallRule>>,
}

/// One server parameter (PostgreSQL and MySQL flexible servers). Only the value is
/// judged; metadata such as `isReadOnly` is not kept.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerParameter {
    pub name: String,
    /// `properties.value`, as text.
    pub value: Option<String>,
}

/// `(name, value)` pairs as `shape::parameter::judge` reads them.
pub fn pairs(parameters: &[ServerParameter]) -> impl Iterator<Item = (&str, Option<&str>)> {
    parameters
        .iter()
        .map(|p| (p.name.as_str(), p.value.as_deref()))
}
