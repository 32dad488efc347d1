//! AZNW-005: public IP addresses that sit directly on a VM's (or a VM scale set
//! instance's) network interface.

use crate::rules::Subject;
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, canonical_id};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("aznw", "AZNW-005", sources: [PublicIps], run: run);

/// Whether an `ipConfiguration.id` belongs to a NIC: a standalone one, or one of a VM
/// scale set instance (`.../virtualMachineScaleSets/{s}/virtualMachines/{i}/networkInterfaces/...`).
fn is_nic_configuration(ip_configuration_id: &str) -> bool {
    let id = canonical_id(ip_configuration_id);
    id.contains("/providers/microsoft.network/networkinterfaces/")
        || (id.contains("/providers/microsoft.compute/virtualmachinescalesets/")
            && id.contains("/networkinterfaces/"))
}

/// `Microsoft.Network/loadBalancers testLb` from an ID under that resource.
fn owner_of(ip_configuration_id: &str) -> String {
    let segments: Vec<&str> = ip_configuration_id.split('/').collect();
    segments
        .iter()
        .position(|s| s.eq_ignore_ascii_case("providers"))
        .and_then(|at| segments.get(at + 1..at + 4))
        .map(|owner| format!("{}/{} {}", owner[0], owner[1], owner[2]))
        .unwrap_or_else(|| ip_configuration_id.to_string())
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let ips =
        out.judged_in_subscription(&snapshot.network.public_ips, "the public IP address list");
    for ip in ips {
        let evidence =
            json!({ "ipConfiguration.id": ip.ip_configuration_id, "ipAddress": ip.ip_address });
        let subject = Subject::of(ip);
        match ip.ip_configuration_id.as_deref() {
            Some(config) if is_nic_configuration(config) => {
                let nic = nic_name(config);
                out.fail(
                    subject,
                    format!(
                        "{}: associated with network interface {nic} (a VM network interface)",
                        ip.name
                    ),
                    evidence,
                );
            }
            Some(config) => out.pass(
                subject,
                format!(
                    "{}: associated with {}, not a VM network interface",
                    ip.name,
                    owner_of(config)
                ),
                evidence,
            ),
            None => out.pass(
                subject,
                format!("{}: not associated with any resource", ip.name),
                evidence,
            ),
        }
    }
}

/// The NIC's name: the segment after the last `networkInterfaces`.
fn nic_name(ip_configuration_id: &str) -> &str {
    let segments: Vec<&str> = ip_configuration_id.split('/').collect();
    segments
        .iter()
        .rposition(|s| s.eq_ignore_ascii_case("networkInterfaces"))
        .and_then(|at| segments.get(at + 1))
        .copied()
        .unwrap_or(ip_configuration_id)
}
