//! Compute collector: the subscription's virtual machines (the VM model: disks,
//! encryption, OS profile, identity and NIC references).

use super::calls::VIRTUAL_MACHINES;
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::compute::{
    ComputeData, Disk, LinuxConfiguration, OsProfile, VirtualMachine, WindowsConfiguration,
};

pub async fn collect(c: &Collector) -> ComputeData {
    if !c.plan.wants(Source::VirtualMachines) {
        return ComputeData::default();
    }
    ComputeData {
        virtual_machines: c.list(&VIRTUAL_MACHINES, parse_virtual_machine).await,
    }
}

pub(super) fn parse_virtual_machine(r: &Reader) -> VirtualMachine {
    let os_disk = "/properties/storageProfile/osDisk";
    VirtualMachine {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        os_type: r.string(&format!("{os_disk}/osType")),
        os_disk: r
            .object(os_disk)
            .map(|disk| parse_disk(&disk))
            .unwrap_or_default(),
        data_disks: r
            .items("/properties/storageProfile/dataDisks")
            .iter()
            .map(parse_disk)
            .collect(),
        disk_encryption_enabled: r.boolean(&format!("{os_disk}/encryptionSettings/enabled")),
        encryption_at_host: r.boolean("/properties/securityProfile/encryptionAtHost"),
        os_profile: parse_os_profile(r),
        identity_type: r.string("/identity/type"),
        network_interface_ids: r.ids("/properties/networkProfile/networkInterfaces"),
    }
}

/// A disk's encryption set: on the managed disk, or (confidential VMs) in the managed
/// disk's security profile; both are customer-managed keys.
fn parse_disk(disk: &Reader) -> Disk {
    let disk_encryption_set_id = [
        "/managedDisk/diskEncryptionSet/id",
        "/managedDisk/securityProfile/diskEncryptionSet/id",
    ]
    .iter()
    .find_map(|pointer| disk.string(pointer).filter(|id| !id.trim().is_empty()));
    Disk {
        name: disk.string("/name"),
        disk_encryption_set_id,
    }
}

/// None when `osProfile` is absent or null, so "no OS profile" stays visible.
fn parse_os_profile(r: &Reader) -> Option<OsProfile> {
    let profile = r.object("/properties/osProfile")?;
    let windows = profile
        .object("/windowsConfiguration")
        .map(|w| WindowsConfiguration {
            enable_automatic_updates: w.boolean("/enableAutomaticUpdates"),
            patch_mode: w.string("/patchSettings/patchMode"),
        });
    let linux = profile
        .object("/linuxConfiguration")
        .map(|l| LinuxConfiguration {
            patch_mode: l.string("/patchSettings/patchMode"),
        });
    Some(OsProfile {
        windows_configuration: windows,
        linux_configuration: linux,
    })
}
