//! AZVM-006: VMs with an unmanaged (VHD page blob) OS or data disk.

use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::compute::Disk;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-006", sources: [VirtualMachines], run: run);

/// What one disk shows.
enum Kind {
    Managed,
    /// Why it counts as unmanaged: a `vhd`, or (decision) neither `vhd` nor `managedDisk`.
    Unmanaged(String),
    /// A snapshot from before azscan recorded `managedDisk`.
    Unknown(String),
}

fn kind(disk: &Disk, label: &str) -> Kind {
    match (&disk.vhd_uri, disk.managed) {
        (Some(uri), _) => Kind::Unmanaged(format!("{label} is an unmanaged VHD ({uri})")),
        (None, Some(false)) => Kind::Unmanaged(format!("{label} has neither vhd nor managedDisk")),
        (None, Some(true)) => Kind::Managed,
        (None, None) => Kind::Unknown(label.to_string()),
    }
}

fn label(disk: &Disk, fallback: String) -> String {
    disk.name.clone().unwrap_or(fallback)
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for vm in shape::each(out, &snapshot.compute.virtual_machines) {
        let os = format!("OS disk {}", label(&vm.os_disk, "(unnamed)".into()));
        let kinds: Vec<Kind> = std::iter::once(kind(&vm.os_disk, &os))
            .chain(vm.data_disks.iter().enumerate().map(|(i, disk)| {
                let name = format!("data disk {}", label(disk, format!("#{i}")));
                kind(disk, &name)
            }))
            .collect();
        let findings: Vec<&String> = kinds
            .iter()
            .filter_map(|k| match k {
                Kind::Unmanaged(why) => Some(why),
                _ => None,
            })
            .collect();
        let unknown: Vec<&String> = kinds
            .iter()
            .filter_map(|k| match k {
                Kind::Unknown(label) => Some(label),
                _ => None,
            })
            .collect();
        let evidence = json!({
            "osDisk.vhd.uri": vm.os_disk.vhd_uri,
            "osDisk.managedDisk": vm.os_disk.managed,
            "unmanagedDisks": findings,
        });
        if findings.is_empty() && !unknown.is_empty() {
            out.error(
                vm.subject(),
                format!(
                    "{}: the snapshot does not record whether {} use(s) managedDisk (taken by an older azscan); collect it again",
                    vm.name,
                    unknown.iter().map(|u| u.as_str()).collect::<Vec<_>>().join(", ")
                ),
            );
        } else if findings.is_empty() {
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
                format!(
                    "{}: {}",
                    vm.name,
                    findings
                        .iter()
                        .map(|f| f.as_str())
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                evidence,
            );
        }
    }
}
