//! ACR-011: Premium registries without an approved private endpoint connection (D3).

use super::premium;
use crate::rules::shape::Resource;
use crate::rules::shape::exposure::approved_private_endpoints;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("acr", "ACR-011", sources: [Registries], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for registry in premium(out, &snapshot.acr.registries) {
        let connections = &registry.private_endpoint_connections;
        let approved = approved_private_endpoints(connections.iter().map(|c| c.status.as_deref()));
        let message = match (approved, connections.len()) {
            (0, 0) => format!("{}: no private endpoint connections", registry.name),
            (0, listed) => format!(
                "{}: none of its {listed} private endpoint connections is Approved",
                registry.name
            ),
            (approved, listed) => format!(
                "{}: {approved} of {listed} private endpoint connections are Approved",
                registry.name
            ),
        };
        out.judge(
            approved > 0,
            registry.subject(),
            message,
            json!({
                "privateEndpointConnections": connections
                    .iter()
                    .map(|c| json!({"id": c.id, "status": c.status}))
                    .collect::<Vec<_>>(),
            }),
        );
    }
}
