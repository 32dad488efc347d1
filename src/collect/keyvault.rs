//! Key Vault collector: vaults, then per vault the management-plane key and secret
//! lists (attributes only; no data-plane access, so vault firewalls do not interfere)
//! and the vault's diagnostic settings.

use super::{Collector, Source, json, monitor};
use crate::snapshot::Fetched;
use crate::snapshot::keyvault::{KeyVaultData, Vault, VaultItem};
use futures::future::join_all;
use serde_json::Value;

/// The vault list's newest api-version with a published example response.
const VAULTS_API_VERSION: &str = "2023-02-01";
const ITEMS_API_VERSION: &str = "2024-11-01";
const SERVICE: &str = "keyvault";

pub async fn collect(c: &Collector) -> KeyVaultData {
    let wanted = [
        Source::Vaults,
        Source::VaultKeys,
        Source::VaultSecrets,
        Source::VaultDiagnostics,
    ];
    if !c.plan.wants_any(&wanted) {
        return KeyVaultData::default();
    }
    let path = c.sub_path("/providers/Microsoft.KeyVault/vaults");
    let listed = c.arm_list(SERVICE, &path, VAULTS_API_VERSION).await;
    let vaults = match listed.map(|items| items.iter().map(parse_vault).collect::<Vec<_>>()) {
        Fetched::Ok(vaults) => vaults,
        unavailable => {
            return KeyVaultData {
                vaults: unavailable,
            };
        }
    };
    let vaults = join_all(vaults.into_iter().map(|vault| with_details(c, vault))).await;
    KeyVaultData {
        vaults: Fetched::Ok(vaults),
    }
}

async fn with_details(c: &Collector, mut vault: Vault) -> Vault {
    let (keys, secrets, diagnostics) = tokio::join!(
        items(c, &vault, Source::VaultKeys, "keys"),
        items(c, &vault, Source::VaultSecrets, "secrets"),
        async {
            if c.plan.wants(Source::VaultDiagnostics) {
                monitor::diagnostic_settings(c, SERVICE, &vault.id).await
            } else {
                Fetched::NotCollected
            }
        }
    );
    vault.keys = keys;
    vault.secrets = secrets;
    vault.diagnostic_settings = diagnostics;
    vault
}

async fn items(
    c: &Collector,
    vault: &Vault,
    source: Source,
    kind: &str,
) -> Fetched<Vec<VaultItem>> {
    if !c.plan.wants(source) {
        return Fetched::NotCollected;
    }
    let path = format!("{}/{kind}", vault.id);
    c.arm_list(SERVICE, &path, ITEMS_API_VERSION)
        .await
        .map(|items| items.iter().map(parse_item).collect())
}

pub(super) fn parse_vault(v: &Value) -> Vault {
    Vault {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        location: json::string(v, "/location"),
        enable_soft_delete: json::boolean(v, "/properties/enableSoftDelete"),
        enable_purge_protection: json::boolean(v, "/properties/enablePurgeProtection"),
        enable_rbac_authorization: json::boolean(v, "/properties/enableRbacAuthorization"),
        public_network_access: json::string(v, "/properties/publicNetworkAccess"),
        network_default_action: json::string(v, "/properties/networkAcls/defaultAction"),
        keys: Fetched::NotCollected,
        secrets: Fetched::NotCollected,
        diagnostic_settings: Fetched::NotCollected,
    }
}

pub(super) fn parse_item(v: &Value) -> VaultItem {
    VaultItem {
        id: json::string(v, "/id").unwrap_or_default(),
        name: json::string(v, "/name").unwrap_or_default(),
        enabled: json::boolean(v, "/properties/attributes/enabled"),
        expires: json::time(v, "/properties/attributes/exp"),
    }
}
