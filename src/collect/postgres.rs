//! PostgreSQL flexible server collector: the subscription's servers, then per server
//! (concurrently) the server parameters (one paged list, D6) and, for servers open to
//! public networks, the firewall rules.

use super::calls::{POSTGRES_CONFIGURATIONS, POSTGRES_FIREWALL_RULES, POSTGRES_SERVERS};
use super::json::Reader;
use super::sql::parse_firewall_rule;
use super::{Collector, Source};
use crate::snapshot::postgres::{PostgresData, PostgresServer, ServerParameter};
use crate::snapshot::sql::FirewallRule;
use crate::snapshot::{Fetched, eq_ci};

pub async fn collect(c: &Collector) -> PostgresData {
    let wanted = [
        Source::PostgresServers,
        Source::PostgresParameters,
        Source::PostgresFirewallRules,
    ];
    if !c.plan.wants_any(&wanted) {
        return PostgresData::default();
    }
    let mut servers = c.list(&POSTGRES_SERVERS, parse_server).await;
    if let Fetched::Ok(servers) = &mut servers {
        c.children(
            servers,
            async |server: &PostgresServer| details(c, server).await,
            |server, (parameters, firewall_rules)| {
                server.parameters = parameters;
                server.firewall_rules = firewall_rules;
            },
        )
        .await;
    }
    PostgresData { servers }
}

async fn details(
    c: &Collector,
    server: &PostgresServer,
) -> (Fetched<Vec<ServerParameter>>, Fetched<Vec<FirewallRule>>) {
    let id = server.id.as_str();
    tokio::join!(
        async {
            if !c.plan.wants(Source::PostgresParameters) {
                return Fetched::NotCollected;
            }
            c.list_under(&POSTGRES_CONFIGURATIONS, id, parse_parameter)
                .await
        },
        async {
            // Servers with public access off have no firewall in use (out of scope).
            let public_off = ["Disabled", "SecuredByPerimeter"]
                .iter()
                .any(|v| eq_ci(server.public_network_access.as_deref(), v));
            if !c.plan.wants(Source::PostgresFirewallRules) || public_off {
                return Fetched::NotCollected;
            }
            c.list_under(&POSTGRES_FIREWALL_RULES, id, parse_firewall_rule)
                .await
        },
    )
}

pub(super) fn parse_server(r: &Reader) -> PostgresServer {
    PostgresServer {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        public_network_access: r.string("/properties/network/publicNetworkAccess"),
        active_directory_auth: r.string("/properties/authConfig/activeDirectoryAuth"),
        password_auth: r.string("/properties/authConfig/passwordAuth"),
        private_endpoint_statuses: private_endpoint_statuses(r),
        parameters: Fetched::NotCollected,
        firewall_rules: Fetched::NotCollected,
    }
}

/// The connection status of each private endpoint connection a resource lists (D3).
pub(super) fn private_endpoint_statuses(r: &Reader) -> Vec<Option<String>> {
    r.items("/properties/privateEndpointConnections")
        .iter()
        .map(|p| p.string("/properties/privateLinkServiceConnectionState/status"))
        .collect()
}

/// One server parameter (PostgreSQL or MySQL). The value is text; a number or boolean
/// sent bare is read as its text. Metadata (`isReadOnly`, sent as JSON booleans by
/// PostgreSQL and as `"True"`/`"False"` by MySQL) is not judged, so not read.
pub(super) fn parse_parameter(r: &Reader) -> ServerParameter {
    ServerParameter {
        name: r.string("/name").unwrap_or_default(),
        value: r.text("/properties/value"),
    }
}
