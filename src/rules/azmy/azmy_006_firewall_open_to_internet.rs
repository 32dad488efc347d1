//! AZMY-006: MySQL flexible servers whose firewall admits every public address (public
//! access off passes without reading the rules; the message also names an "all Azure
//! services" rule).

use crate::rules::check;
use crate::rules::shape::each;
use crate::rules::shape::server_firewall::{self, Opening, WhenPrivate};

pub const CHECK: crate::rules::Check = check!("azmy", "AZMY-006", sources: [MysqlServers, MysqlFirewallRules],
run: |s, out| {
    for server in each(out, &s.mysql.servers) {
        server_firewall::judge(out, server, server.public_network_access.as_deref(),
            &server.firewall_rules, Opening::Internet, WhenPrivate::PassInert);
    }
});
