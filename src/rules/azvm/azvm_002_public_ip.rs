//! AZVM-002: VMs with a public IP address on any of their network interfaces (from the
//! subscription's NIC list).

use crate::rules::{Verdicts, check};
use crate::snapshot::network::NetworkInterface;
use crate::snapshot::{Snapshot, canonical_id};
use serde_json::json;
use std::collections::BTreeSet;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-002", sources: [VirtualMachines, NetworkInterfaces], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let vms = out.judged_in_subscription(
        &snapshot.compute.virtual_machines,
        "the virtual machine list",
    );
    let Some(nics) = out.supporting(
        &snapshot.network.network_interfaces,
        "the network interface list",
        vms,
        super::subject,
    ) else {
        return;
    };
    for vm in vms {
        let vm_id = canonical_id(&vm.id);
        let referenced: BTreeSet<String> = vm
            .network_interface_ids
            .iter()
            .map(|id| canonical_id(id))
            .collect();
        // Either side of the join may carry the link; both are the same NIC.
        let vm_nics: Vec<&NetworkInterface> = nics
            .iter()
            .filter(|nic| {
                referenced.contains(&canonical_id(&nic.id))
                    || nic
                        .virtual_machine_id
                        .as_deref()
                        .is_some_and(|id| canonical_id(id) == vm_id)
            })
            .collect();
        let public: Vec<String> = vm_nics
            .iter()
            .flat_map(|nic| {
                nic.ip_configurations.iter().filter_map(move |ip| {
                    ip.public_ip_address_id.as_deref().map(|pip| {
                        let pip_name = pip.trim_end_matches('/').rsplit('/').next().unwrap_or(pip);
                        format!("{} ({}) has public IP {pip_name}", nic.name, ip.name)
                    })
                })
            })
            .collect();
        let evidence = json!({
            "networkInterfaces": vm_nics.iter().map(|n| &n.id).collect::<Vec<_>>(),
            "publicIpConfigurations": public,
        });
        let message = if public.is_empty() {
            format!(
                "{}: none of its {} network interface(s) has a public IP address",
                vm.name,
                vm_nics.len()
            )
        } else {
            format!("{}: NIC {}", vm.name, public.join("; NIC "))
        };
        out.judge(public.is_empty(), super::subject(vm), message, evidence);
    }
}
