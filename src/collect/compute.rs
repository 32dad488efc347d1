//! Compute collector: the subscription's virtual machines (the VM model: disks,
//! encryption, OS profile, security profile, identity and NIC references), each VM's
//! extensions when a check needs them, and the managed disk list.

use super::calls::{DISKS, VIRTUAL_MACHINES, VM_EXTENSIONS};
use super::json::Reader;
use super::{Collector, Source, identity};
use crate::snapshot::Fetched;
use crate::snapshot::compute::{
    ComputeData, Disk, LinuxConfiguration, ManagedDisk, OsProfile, VirtualMachine, VmExtension,
    WindowsConfiguration,
};

pub async fn collect(c: &Collector) -> ComputeData {
    let (virtual_machines, disks) = tokio::join!(virtual_machines(c), async {
        if !c.plan.wants(Source::ManagedDisks) {
            return Fetched::NotCollected;
        }
        c.list(&DISKS, parse_managed_disk).await
    });
    ComputeData {
        virtual_machines,
        disks,
    }
}

/// The VM list, then (when wanted) each VM's extensions concurrently.
async fn virtual_machines(c: &Collector) -> Fetched<Vec<VirtualMachine>> {
    if !c
        .plan
        .wants_any(&[Source::VirtualMachines, Source::VmExtensions])
    {
        return Fetched::NotCollected;
    }
    let mut vms = c.list(&VIRTUAL_MACHINES, parse_virtual_machine).await;
    if c.plan.wants(Source::VmExtensions)
        && let Fetched::Ok(vms) = &mut vms
    {
        let read =
            async |vm: &VirtualMachine| c.list_under(&VM_EXTENSIONS, &vm.id, parse_extension).await;
        c.children(vms, read, |vm, extensions| vm.extensions = extensions)
            .await;
    }
    vms
}

pub(super) fn parse_virtual_machine(r: &Reader) -> VirtualMachine {
    let os_disk = "/properties/storageProfile/osDisk";
    let security = "/properties/securityProfile";
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
        encryption_at_host: r.boolean(&format!("{security}/encryptionAtHost")),
        os_profile: parse_os_profile(r),
        identity_type: r.string("/identity/type"),
        identity: identity::parse_identity(r),
        network_interface_ids: r.ids("/properties/networkProfile/networkInterfaces"),
        security_type: r.string(&format!("{security}/securityType")),
        secure_boot_enabled: r.boolean(&format!("{security}/uefiSettings/secureBootEnabled")),
        vtpm_enabled: r.boolean(&format!("{security}/uefiSettings/vTpmEnabled")),
        extensions: Fetched::NotCollected,
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
    let managed_disk = disk.object("/managedDisk");
    Disk {
        name: disk.string("/name"),
        disk_encryption_set_id,
        vhd_uri: disk.string("/vhd/uri").filter(|uri| !uri.trim().is_empty()),
        managed: Some(managed_disk.is_some()),
        managed_disk_id: managed_disk
            .and_then(|m| m.string("/id"))
            .filter(|id| !id.trim().is_empty()),
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
            disable_password_authentication: l.boolean("/disablePasswordAuthentication"),
        });
    Some(OsProfile {
        windows_configuration: windows,
        linux_configuration: linux,
    })
}

pub(super) fn parse_extension(r: &Reader) -> VmExtension {
    VmExtension {
        name: r.string("/name").unwrap_or_default(),
        publisher: r.string("/properties/publisher"),
        extension_type: r.string("/properties/type"),
        type_handler_version: r.text("/properties/typeHandlerVersion"),
    }
}

pub(super) fn parse_managed_disk(r: &Reader) -> ManagedDisk {
    let p = |field: &str| format!("/properties/{field}");
    ManagedDisk {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        managed_by: r.string("/managedBy").filter(|id| !id.trim().is_empty()),
        disk_state: r.string(&p("diskState")),
        encryption_type: r.string(&p("encryption/type")),
        disk_encryption_set_id: r
            .string(&p("encryption/diskEncryptionSetId"))
            .filter(|id| !id.trim().is_empty()),
        network_access_policy: r.string(&p("networkAccessPolicy")),
        public_network_access: r.string(&p("publicNetworkAccess")),
        data_access_auth_mode: r.string(&p("dataAccessAuthMode")),
    }
}
