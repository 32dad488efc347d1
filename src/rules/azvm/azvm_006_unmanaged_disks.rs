//! AZVM-006: VMs with an unmanaged (VHD page blob) OS or data disk.

use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::compute::Disk;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-006", sources: [VirtualMachines], run: run);

/// Why a disk counts as unmanaged, or None: a `vhd` is unmanaged, and so is a disk
/// with no `managedDisk` either (decision: nothing shows it is managed).
fn unmanaged(disk: &Disk, label: &str) -> Option<String> {
    match (&disk.vhd_uri, disk.managed) {
        (Some(uri), _) => Some(format!("{label} is an unmanaged VHD ({uri})")),
        (None, false) => Some(format!("{label} has neither vhd nor managedDisk")),
        (None, true) => None,
    }
}

fn label(disk: &Disk, fallback: String) -> String {
    disk.name.clone().unwrap_or(fallback)
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for vm in shape::each(out, &snapshot.compute.virtual_machines) {
        let os = format!("OS disk {}", label(&vm.os_disk, "(unnamed)".into()));
        let findings: Vec<String> = unmanaged(&vm.os_disk, &os)
            .into_iter()
            .chain(vm.data_disks.iter().enumerate().filter_map(|(i, disk)| {
                let name = format!("data disk {}", label(disk, format!("#{i}")));
                unmanaged(disk, &name)
            }))
            .collect();
        let evidence = json!({
            "osDisk.vhd.uri": vm.os_disk.vhd_uri,
            "osDisk.managedDisk": vm.os_disk.managed,
            "unmanagedDisks": findings,
        });
        if findings.is_empty() {
            out.pass(
                vm.subject(),
                format!(
                    "{}: the OS disk and all {} data disk(s) are managed disks",
                    vm.name,
                    vm.data_disks.len()
                ),
                evidence,
            );
        } else {
            out.fail(
                vm.subject(),
                format!("{}: {}", vm.name, findings.join("; ")),
                evidence,
            );
        }
    }
}
