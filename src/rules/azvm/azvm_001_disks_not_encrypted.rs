//! AZVM-001: VMs whose disks rely only on platform-managed keys (no encryption at
//! host, no Azure Disk Encryption, not every disk on a disk encryption set).

use crate::rules::shape::Resource;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-001", sources: [VirtualMachines], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let vms = out.judged_in_subscription(
        &snapshot.compute.virtual_machines,
        "the virtual machine list",
    );
    for vm in vms {
        let disks = std::iter::once(&vm.os_disk).chain(&vm.data_disks);
        let without_set: Vec<String> = disks
            .enumerate()
            .filter(|(_, disk)| disk.disk_encryption_set_id.is_none())
            .map(|(index, disk)| match (&disk.name, index) {
                (Some(name), _) => name.clone(),
                (None, 0) => "the OS disk".to_string(),
                (None, n) => format!("data disk {n}"),
            })
            .collect();
        let evidence = json!({
            "securityProfile.encryptionAtHost": vm.encryption_at_host,
            "osDisk.encryptionSettings.enabled": vm.disk_encryption_enabled,
            "disksWithoutDiskEncryptionSet": without_set,
        });
        let (passed, message) = if vm.encryption_at_host == Some(true) {
            (true, format!("{}: encryption at host is enabled", vm.name))
        } else if vm.disk_encryption_enabled == Some(true) {
            (
                true,
                format!("{}: Azure Disk Encryption is enabled", vm.name),
            )
        } else if without_set.is_empty() {
            (
                true,
                format!(
                    "{}: the OS disk and all {} data disk(s) use a disk encryption set (customer-managed key)",
                    vm.name,
                    vm.data_disks.len()
                ),
            )
        } else {
            (
                false,
                format!(
                    "{}: only platform-managed keys: encryption at host is {}, Azure Disk Encryption is off, and {} use(s) no disk encryption set",
                    vm.name,
                    match vm.encryption_at_host {
                        Some(false) => "false",
                        _ => "not set",
                    },
                    without_set.join(", ")
                ),
            )
        };
        out.judge(passed, vm.subject(), message, evidence);
    }
}
