//! AZPG-008: PostgreSQL flexible servers reachable from public networks (null = Enabled).

use crate::rules::shape::exposure::{Exposure, approved_private_endpoints};
use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Fetched, Snapshot};
use serde_json::{Value, json};

pub const CHECK: crate::rules::Check =
    check!("azpg", "AZPG-008", sources: [PostgresServers], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for server in each(out, &snapshot.postgres.servers) {
        let exposure = Exposure {
            public_network_access: server.public_network_access.as_deref(),
            default_action: None,
        };
        let endpoints = approved_private_endpoints(
            server
                .private_endpoint_statuses
                .iter()
                .map(Option::as_deref),
        );
        // The rule count is context only: it is said when the rules were read.
        let rules = match &server.firewall_rules {
            Fetched::Ok(rules) => Some(rules.len()),
            _ => None,
        };
        let mut message = format!(
            "{}: {}; {endpoints} approved private endpoint(s)",
            server.label(),
            exposure.describe()
        );
        if let Some(rules) = rules {
            message.push_str(&format!(", {rules} firewall rule(s)"));
        }
        let mut evidence = exposure.evidence();
        evidence.insert("approvedPrivateEndpoints".into(), json!(endpoints));
        out.judge(
            exposure.access_disabled(),
            server.subject(),
            message,
            Value::Object(evidence),
        );
    }
}
