//! MySQL flexible server collector: the subscription's servers, then per server
//! (concurrently) the server parameters (one paged list, D6) and, for servers open to
//! public networks, the firewall rules.

use super::calls::{MYSQL_CONFIGURATIONS, MYSQL_FIREWALL_RULES, MYSQL_SERVERS};
use super::json::Reader;
use super::postgres::parse_parameter;
use super::sql::parse_firewall_rule;
use super::{Collector, Source};
use crate::snapshot::mysql::{MysqlData, MysqlServer};
use crate::snapshot::postgres::ServerParameter;
use crate::snapshot::sql::FirewallRule;
use crate::snapshot::{Fetched, eq_ci};

pub async fn collect(c: &Collector) -> MysqlData {
    let wanted = [
        Source::MysqlServers,
        Source::MysqlParameters,
        Source::MysqlFirewallRules,
    ];
    if !c.plan.wants_any(&wanted) {
        return MysqlData::default();
    }
    let mut servers = c.list(&MYSQL_SERVERS, parse_server).await;
    if let Fetched::Ok(servers) = &mut servers {
        c.children(
            servers,
            async |server: &MysqlServer| details(c, server).await,
            |server, (parameters, firewall_rules)| {
                server.parameters = parameters;
                server.firewall_rules = firewall_rules;
            },
        )
        .await;
    }
    MysqlData { servers }
}

async fn details(
    c: &Collector,
    server: &MysqlServer,
) -> (Fetched<Vec<ServerParameter>>, Fetched<Vec<FirewallRule>>) {
    let id = server.id.as_str();
    tokio::join!(
        async {
            if !c.plan.wants(Source::MysqlParameters) {
                return Fetched::NotCollected;
            }
            c.list_under(&MYSQL_CONFIGURATIONS, id, parse_parameter)
                .await
        },
        async {
            // With public access off the rules admit nobody; AZMY-006 says so unread.
            let public_off = ["Disabled", "SecuredByPerimeter"]
                .iter()
                .any(|v| eq_ci(server.public_network_access.as_deref(), v));
            if !c.plan.wants(Source::MysqlFirewallRules) || public_off {
                return Fetched::NotCollected;
            }
            c.list_under(&MYSQL_FIREWALL_RULES, id, parse_firewall_rule)
                .await
        },
    )
}

pub(super) fn parse_server(r: &Reader) -> MysqlServer {
    MysqlServer {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        public_network_access: r.string("/properties/network/publicNetworkAccess"),
        parameters: Fetched::NotCollected,
        firewall_rules: Fetched::NotCollected,
    }
}
