//! Virtual machines (with their extensions) and managed disks as the AZVM checks see
//! them; NICs live in `network`, JIT policies in `security`.

use super::Fetched;
use super::identity::Identity;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ComputeData {
    /// `Microsoft.Compute/virtualMachines` at subscription scope.
    #[serde(default)]
    pub virtual_machines: Fetched<Vec<VirtualMachine>>,
    /// `Microsoft.Compute/disks` at subscription scope: every managed disk, attached or not.
    #[serde(default)]
    pub disks: Fetched<Vec<ManagedDisk>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ManagedDisk {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `managedBy`: the VM the disk is attached to.
    pub managed_by: Option<String>,
    /// `properties.diskState`: `Attached`, `Reserved`, `Unattached`, `ActiveSAS`, ...
    pub disk_state: Option<String>,
    /// `properties.encryption.type`.
    pub encryption_type: Option<String>,
    /// `properties.encryption.diskEncryptionSetId`.
    pub disk_encryption_set_id: Option<String>,
    /// `properties.networkAccessPolicy`: `AllowAll`, `AllowPrivate`, `DenyAll`.
    pub network_access_policy: Option<String>,
    /// `properties.publicNetworkAccess`: `Enabled` or `Disabled`.
    pub public_network_access: Option<String>,
    /// `properties.dataAccessAuthMode`: `AzureActiveDirectory` or `None`.
    pub data_access_auth_mode: Option<String>,
}

/// One extension of a VM (`{vmId}/extensions`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VmExtension {
    pub name: String,
    pub publisher: Option<String>,
    /// `properties.type`: the handler type (`AzureMonitorLinuxAgent`).
    pub extension_type: Option<String>,
    pub type_handler_version: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VirtualMachine {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `storageProfile.osDisk.osType`: `Windows` or `Linux`.
    pub os_type: Option<String>,
    pub os_disk: Disk,
    pub data_disks: Vec<Disk>,
    /// `storageProfile.osDisk.encryptionSettings.enabled`: Azure Disk Encryption.
    pub disk_encryption_enabled: Option<bool>,
    /// `securityProfile.encryptionAtHost`.
    pub encryption_at_host: Option<bool>,
    /// None when the VM has no `osProfile` (created from a specialised disk).
    pub os_profile: Option<OsProfile>,
    /// `identity.type`: `SystemAssigned`, `UserAssigned`, both, or `None`.
    pub identity_type: Option<String>,
    /// `identity`: the VM's managed identities (RBAC-007).
    pub identity: Option<Identity>,
    /// `networkProfile.networkInterfaces[].id`, as returned.
    pub network_interface_ids: Vec<String>,
    /// `securityProfile.securityType`: `TrustedLaunch`, `ConfidentialVM`, or null (Standard).
    pub security_type: Option<String>,
    /// `securityProfile.uefiSettings.secureBootEnabled`.
    pub secure_boot_enabled: Option<bool>,
    /// `securityProfile.uefiSettings.vTpmEnabled`.
    pub vtpm_enabled: Option<bool>,
    /// `{vmId}/extensions`, read per VM when a check needs it.
    pub extensions: Fetched<Vec<VmExtension>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Disk {
    pub name: Option<String>,
    /// The disk encryption set (customer-managed key) of the managed disk, if any.
    pub disk_encryption_set_id: Option<String>,
    /// `vhd.uri`: an unmanaged disk's page blob.
    pub vhd_uri: Option<String>,
    /// Whether `managedDisk` is present (an object, not null); None in snapshots taken
    /// before azscan recorded it.
    pub managed: Option<bool>,
    /// `managedDisk.id`.
    pub managed_disk_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OsProfile {
    pub windows_configuration: Option<WindowsConfiguration>,
    pub linux_configuration: Option<LinuxConfiguration>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WindowsConfiguration {
    pub enable_automatic_updates: Option<bool>,
    /// `patchSettings.patchMode`: `Manual`, `AutomaticByOS`, `AutomaticByPlatform`.
    pub patch_mode: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LinuxConfiguration {
    /// `patchSettings.patchMode`: `ImageDefault` or `AutomaticByPlatform`.
    pub patch_mode: Option<String>,
    /// `disablePasswordAuthentication`.
    pub disable_password_authentication: Option<bool>,
}
