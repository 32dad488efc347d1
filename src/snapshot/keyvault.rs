//! Key vaults with their management-plane key and secret lists (attributes only, never values).

use super::Fetched;
use super::monitor::DiagnosticSetting;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct KeyVaultData {
    #[serde(default)]
    pub vaults: Fetched<Vec<Vault>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Vault {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub enable_soft_delete: Option<bool>,
    pub enable_purge_protection: Option<bool>,
    pub enable_rbac_authorization: Option<bool>,
    pub public_network_access: Option<String>,
    /// `networkAcls.defaultAction`: `Allow` or `Deny`.
    pub network_default_action: Option<String>,
    pub keys: Fetched<Vec<VaultItem>>,
    pub secrets: Fetched<Vec<VaultItem>>,
    /// `{vaultId}/providers/Microsoft.Insights/diagnosticSettings` (AZMON-004).
    pub diagnostic_settings: Fetched<Vec<DiagnosticSetting>>,
}

/// A key or secret as the management plane lists it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct VaultItem {
    pub id: String,
    pub name: String,
    /// Azure treats a missing `enabled` attribute as enabled.
    pub enabled: Option<bool>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires: Option<OffsetDateTime>,
}

impl VaultItem {
    pub fn is_enabled(&self) -> bool {
        self.enabled != Some(false)
    }
}
