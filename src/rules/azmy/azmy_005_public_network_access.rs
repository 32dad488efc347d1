//! AZMY-005: MySQL flexible servers reachable from public networks (null = Enabled).

use crate::rules::check;
use crate::rules::shape::each;
use crate::rules::shape::exposure::Exposure;

pub const CHECK: crate::rules::Check = check!("azmy", "AZMY-005", sources: [MysqlServers],
run: |s, out| {
    for server in each(out, &s.mysql.servers) {
        Exposure {
            public_network_access: server.public_network_access.as_deref(),
            default_action: None,
        }
        .judge(out, server, &[]);
    }
});
