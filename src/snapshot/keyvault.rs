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
    /// `privateLinkServiceConnectionState.status` of each private endpoint connection.
    pub private_endpoint_statuses: Vec<Option<String>>,
    /// `properties.vaultUri`: the vault's data-plane host.
    pub vault_uri: Option<String>,
    /// The data plane's certificate list (opt-in AKV-010): attributes only.
    pub certificates: Fetched<Vec<Certificate>>,
}

/// A certificate as the vault's data plane lists it: attributes, never its contents.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Certificate {
    /// The data-plane ID, `https://{vault}.vault.azure.net/certificates/{name}`.
    pub id: String,
    pub name: String,
    /// Azure treats a missing `enabled` attribute as enabled.
    pub enabled: Option<bool>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub not_before: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub created: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires: Option<OffsetDateTime>,
}

impl Certificate {
    pub fn is_enabled(&self) -> bool {
        self.enabled != Some(false)
    }
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
    /// Keys only: `properties.rotationPolicy` from `GET {vaultId}/keys/{name}` (AKV-009);
    /// `Ok(None)` when the key has none (ARM omits an empty policy).
    pub rotation_policy: Fetched<Option<RotationPolicy>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RotationPolicy {
    pub lifetime_actions: Vec<LifetimeAction>,
}

/// One `lifetimeActions[]` entry: what to do (`rotate`, `notify`) and when.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LifetimeAction {
    pub action_type: Option<String>,
    /// ISO 8601 durations (`P90D`).
    pub time_after_create: Option<String>,
    pub time_before_expiry: Option<String>,
}

impl LifetimeAction {
    /// A Rotate action with a trigger: the key really rotates by itself.
    pub fn rotates(&self) -> bool {
        let set = |t: &Option<String>| t.as_deref().is_some_and(|t| !t.trim().is_empty());
        super::eq_ci(self.action_type.as_deref(), "Rotate")
            && (set(&self.time_after_create) || set(&self.time_before_expiry))
    }
}

impl VaultItem {
    pub fn is_enabled(&self) -> bool {
        self.enabled != Some(false)
    }

    /// The item's ID as its vault's list gave it, or `{vaultId}/keys/{name}` when the
    /// list left it out: what azscan requests for the key and reports it under.
    pub fn id_in(&self, vault: &Vault, kind: &str) -> String {
        if self.id.trim().is_empty() {
            format!("{}/{kind}/{}", vault.id.trim_end_matches('/'), self.name)
        } else {
            self.id.clone()
        }
    }
}
