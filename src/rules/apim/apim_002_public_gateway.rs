//! APIM-002: API Management gateways reachable from the public internet (public access
//! not disabled and not in an Internal virtual network).

use crate::rules::shape::exposure::Exposure;
use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::Value;

pub const CHECK: crate::rules::Check =
    check!("apim", "APIM-002", sources: [ApiManagementServices], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for service in each(out, &snapshot.apim.services) {
        let exposure = Exposure::access(service.public_network_access.as_deref());
        let network = service.virtual_network_type.as_deref();
        let passed = exposure.access_disabled() || eq_ci(network, "Internal");
        let mut message = format!(
            "{}: {}, virtualNetworkType is {}",
            service.label(),
            exposure.describe(),
            network.unwrap_or("not set (None)")
        );
        if !passed && eq_ci(network, "External") {
            message.push_str(" (External mode still exposes a public gateway)");
        }
        let mut evidence = exposure.evidence();
        evidence.insert("virtualNetworkType".into(), network.into());
        out.judge(passed, service.subject(), message, Value::Object(evidence));
    }
}
