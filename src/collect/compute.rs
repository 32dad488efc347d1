//! Compute collector: the subscription's virtual machines (the VM model: disks,
//! encryption, OS profile, identity and NIC references).

use super::{Collector, Source, json};
use crate::snapshot::compute::{
    ComputeData, Disk, LinuxConfiguration, OsProfile, VirtualMachine, WindowsConfiguration,
};
use serde_json::Value;

const API_VERSION: &str = "2024-07-01";
const SERVICE: &str = "compute";

pub async fn collect(c: &Collector) -> ComputeData {
    if !c.plan.wants(Source::VirtualMachines) {
        return ComputeData::default();
    }
    let path = c.sub_path("/providers/Microsoft.Compute/virtualMachines");
    let virtual_machines = c
        .arm_list(SERVICE, &path, API_VERSION)
        .await
        .map(|items| items.iter().map(parse_virtual_machine).collect());
    ComputeData { virtual_machines }
}

pub(super) fn parse_virtual_machine(v: &Value) -> VirtualMachine {
    let os_disk = "/properties/storageProfile/osDisk";
    VirtualMachine {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        location: json::string(v, "/location"),
        os_type: json::string(v, &format!("{os_disk}/osType")),
        os_disk: v.pointer(os_disk).map(parse_disk).unwrap_or_default(),
        data_disks: json::array(v, "/properties/storageProfile/dataDisks")
            .iter()
            .map(parse_disk)
            .collect(),
        disk_encryption_enabled: json::boolean(v, &format!("{os_disk}/encryptionSettings/enabled")),
        encryption_at_host: json::boolean(v, "/properties/securityProfile/encryptionAtHost"),
        os_profile: parse_os_profile(v),
        identity_type: json::string(v, "/identity/type"),
        network_interface_ids: json::array(v, "/properties/networkProfile/networkInterfaces")
            .iter()
            .filter_map(|nic| json::string(nic, "/id"))
            .collect(),
    }
}

/// A disk's encryption set: on the managed disk, or (confidential VMs) in the managed
/// disk's security profile; both are customer-managed keys.
fn parse_disk(disk: &Value) -> Disk {
    let disk_encryption_set_id = [
        "/managedDisk/diskEncryptionSet/id",
        "/managedDisk/securityProfile/diskEncryptionSet/id",
    ]
    .iter()
    .find_map(|pointer| json::string(disk, pointer).filter(|id| !id.trim().is_empty()));
    Disk {
        name: json::string(disk, "/name"),
        disk_encryption_set_id,
    }
}

/// None when `osProfile` is absent or null, so "no OS profile" stays visible.
fn parse_os_profile(v: &Value) -> Option<OsProfile> {
    let profile = v
        .pointer("/properties/osProfile")
        .filter(|p| p.is_object())?;
    let windows = profile
        .get("windowsConfiguration")
        .filter(|w| w.is_object())
        .map(|w| WindowsConfiguration {
            enable_automatic_updates: json::boolean(w, "/enableAutomaticUpdates"),
            patch_mode: json::string(w, "/patchSettings/patchMode"),
        });
    let linux = profile
        .get("linuxConfiguration")
        .filter(|l| l.is_object())
        .map(|l| LinuxConfiguration {
            patch_mode: json::string(l, "/patchSettings/patchMode"),
        });
    Some(OsProfile {
        windows_configuration: windows,
        linux_configuration: linux,
    })
}
