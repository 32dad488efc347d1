//! Recovery Services vaults with the security settings BKP-001/002 judge and the
//! Azure VM protected items BKP-003 matches virtual machines against.

use super::{Fetched, eq_ci};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BackupData {
    /// `Microsoft.RecoveryServices/vaults` at subscription scope.
    #[serde(default)]
    pub vaults: Fetched<Vec<RecoveryVault>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RecoveryVault {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `properties.securitySettings` as the list gave it; None when the list is sparse
    /// (Microsoft's list example carries only `provisioningState`).
    pub security: Option<VaultSecurity>,
    /// `GET {vaultId}`, read only when the list lacked `securitySettings`.
    pub details: Fetched<VaultSecurity>,
    /// `{vaultId}/backupconfig/vaultconfig`, read only when the soft delete state
    /// from the vault is null, `Invalid` or another value that decides nothing.
    pub vault_config: Fetched<VaultConfig>,
    /// `{vaultId}/backupProtectedItems` filtered on `AzureIaasVM`.
    pub protected_items: Fetched<Vec<ProtectedItem>>,
}

/// `properties.securitySettings` of a vault.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VaultSecurity {
    /// `softDeleteSettings.softDeleteState`: `Enabled`, `AlwaysON`, `Disabled`, `Invalid`.
    pub soft_delete_state: Option<String>,
    /// `immutabilitySettings.state`: `Locked`, `Unlocked`, `Disabled`.
    pub immutability_state: Option<String>,
}

/// `{vaultId}/backupconfig/vaultconfig`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VaultConfig {
    /// `properties.softDeleteFeatureState`: `Enabled`, `AlwaysON`, `Disabled`, `Invalid`.
    pub soft_delete_feature_state: Option<String>,
}

/// One item of `{vaultId}/backupProtectedItems`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProtectedItem {
    pub id: String,
    pub name: String,
    /// `properties.backupManagementType`; the collector's filter is re-applied on it.
    pub backup_management_type: Option<String>,
    pub virtual_machine_id: Option<String>,
    pub source_resource_id: Option<String>,
    /// `properties.protectionState`: `Protected`, `IRPending`, `ProtectionStopped`, ...
    pub protection_state: Option<String>,
}

/// A soft delete state that decides BKP-001 by itself (anything else is read again
/// through `vaultconfig`).
pub fn soft_delete_decides(state: Option<&str>) -> bool {
    ["Enabled", "AlwaysON", "Disabled"]
        .iter()
        .any(|s| eq_ci(state, s))
}

impl RecoveryVault {
    /// The security settings to judge: the list's, else the vault GET's (None when
    /// neither was read).
    pub fn security(&self) -> Option<&VaultSecurity> {
        self.security.as_ref().or(self.details.ok())
    }
}
