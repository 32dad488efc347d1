//! Azure Database for MySQL flexible servers with their server parameters (D6) and
//! firewall rules, each read per server on its own.

use super::Fetched;
use super::postgres::ServerParameter;
use super::sql::FirewallRule;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MysqlData {
    #[serde(default)]
    pub servers: Fetched<Vec<MysqlServer>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MysqlServer {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `properties.network.publicNetworkAccess`.
    pub public_network_access: Option<String>,
    /// `{serverId}/configurations`, every page.
    pub parameters: Fetched<Vec<ServerParameter>>,
    /// `{serverId}/firewallRules`; not read when public access is off.
    pub firewall_rules: Fetched<Vec<FirewallRule>>,
}
