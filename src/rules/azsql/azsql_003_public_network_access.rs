//! AZSQL-003: servers reachable from public networks (absent setting = Enabled).

use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azsql", "AZSQL-003", sources: [SqlServers], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for server in super::servers(snapshot, out) {
        let value = server.public_network_access.as_deref();
        // A network security perimeter governs access when it is SecuredByPerimeter.
        let passed = eq_ci(value, "Disabled") || eq_ci(value, "SecuredByPerimeter");
        let shown = value.unwrap_or("not set (defaults to Enabled)");
        out.judge(
            passed,
            super::subject(server),
            format!("{}: publicNetworkAccess is {shown}", server.name),
            json!({ "publicNetworkAccess": value }),
        );
    }
}
