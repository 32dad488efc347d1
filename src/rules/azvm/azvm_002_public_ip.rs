//! AZVM-002: VMs with a public IP address on any of their network interfaces (from the
//! subscription's NIC list).

use crate::rules::shape::Resource;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::compute::VirtualMachine;
use crate::snapshot::index::Joins;
use crate::snapshot::network::NetworkInterface;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-002", sources: [VirtualMachines, NetworkInterfaces], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let nics = &snapshot.network.network_interfaces;
    super::judge_vms_with(snapshot, out, nics, "the network interface list", judge);
}

/// The NIC list itself is not needed: the joins find the VM's NICs in it.
fn judge(vm: &VirtualMachine, _: &[NetworkInterface], joins: Joins, out: &mut Verdicts) {
    let vm_nics = joins.nics_of_vm(vm);
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
    out.judge(public.is_empty(), vm.subject(), message, evidence);
}
