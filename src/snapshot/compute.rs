//! Virtual machines as the AZVM checks see them (the VM model only; NICs live in
//! `network`, JIT policies in `security`).

use super::Fetched;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ComputeData {
    /// `Microsoft.Compute/virtualMachines` at subscription scope.
    #[serde(default)]
    pub virtual_machines: Fetched<Vec<VirtualMachine>>,
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
    /// `networkProfile.networkInterfaces[].id`, as returned.
    pub network_interface_ids: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Disk {
    pub name: Option<String>,
    /// The disk encryption set (customer-managed key) of the managed disk, if any.
    pub disk_encryption_set_id: Option<String>,
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
}
