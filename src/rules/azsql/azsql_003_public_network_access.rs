//! AZSQL-003: servers reachable from public networks (absent setting = Enabled).

use crate::rules::shape::each;
use crate::rules::shape::exposure::Exposure;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;

pub const CHECK: crate::rules::Check =
    check!("azsql", "AZSQL-003", sources: [SqlServers], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for server in each(out, &snapshot.sql.servers) {
        // Server firewall rules are not evaluated here: only public access decides.
        let exposure = Exposure {
            public_network_access: server.public_network_access.as_deref(),
            default_action: None,
        };
        exposure.judge(out, server, &[]);
    }
}
