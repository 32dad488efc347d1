//! ACR-009: Premium registries serving layers from the shared storage endpoint instead
//! of dedicated data endpoints (one firewall rule per registry needs the dedicated ones).

use super::premium;
use crate::rules::shape::Resource;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("acr", "ACR-009", sources: [Registries], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for registry in premium(out, &snapshot.acr.registries) {
        let enabled = registry.data_endpoint_enabled;
        let shown = match enabled {
            Some(true) if registry.data_endpoint_host_names.is_empty() => "true".to_string(),
            Some(true) => format!("true ({})", registry.data_endpoint_host_names.join(", ")),
            Some(false) => "false".to_string(),
            None => "not set (disabled)".to_string(),
        };
        out.judge(
            enabled == Some(true),
            registry.subject(),
            format!("{}: dataEndpointEnabled is {shown}", registry.name),
            json!({
                "dataEndpointEnabled": enabled,
                "dataEndpointHostNames": registry.data_endpoint_host_names,
            }),
        );
    }
}
