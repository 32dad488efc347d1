//! Azure SQL logical servers with the per-server settings the AZSQL checks judge. Each
//! sub-resource is fetched on its own, so one failed call leaves the others usable.

use super::Fetched;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SqlData {
    #[serde(default)]
    pub servers: Fetched<Vec<SqlServer>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SqlServer {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    /// `Enabled`, `Disabled` or `SecuredByPerimeter`; Azure's default when absent is Enabled.
    pub public_network_access: Option<String>,
    /// `properties.administrators` from the server list, when the list carries it.
    pub listed_administrator: Option<SqlAdministrator>,
    /// `{serverId}/encryptionProtector/current`.
    pub encryption_protector: Fetched<EncryptionProtector>,
    /// `state` of `{serverId}/auditingSettings/default`.
    pub auditing_state: Fetched<Option<String>>,
    /// `{serverId}/administrators`.
    pub administrators: Fetched<Vec<SqlAdministrator>>,
    /// `state` of `{serverId}/advancedThreatProtectionSettings/Default`.
    pub threat_protection_state: Fetched<Option<String>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EncryptionProtector {
    /// `ServiceManaged` or `AzureKeyVault`.
    pub server_key_type: Option<String>,
    pub server_key_name: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SqlAdministrator {
    /// `ActiveDirectory` is the only type Azure defines.
    pub administrator_type: Option<String>,
    pub login: Option<String>,
    pub azure_ad_only_authentication: Option<bool>,
}

impl SqlAdministrator {
    pub fn is_entra(&self) -> bool {
        super::eq_ci(self.administrator_type.as_deref(), "ActiveDirectory")
    }
}
