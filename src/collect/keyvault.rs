//! Key Vault collector: vaults, then per vault the management-plane key and secret
//! lists (attributes only; no data-plane access, so vault firewalls do not interfere)
//! and the vault's diagnostic settings.

use super::calls::{
    DIAGNOSTIC_SETTINGS, VAULT_CERTIFICATES, VAULT_KEY, VAULT_KEYS, VAULT_SECRETS, VAULTS,
};
use super::json::Reader;
use super::{Collector, Source, monitor};
use crate::snapshot::Fetched;
use crate::snapshot::keyvault::{
    Certificate, KeyVaultData, LifetimeAction, RotationPolicy, Vault, VaultItem,
};

pub async fn collect(c: &Collector) -> KeyVaultData {
    let wanted = [
        Source::Vaults,
        Source::VaultKeys,
        Source::VaultSecrets,
        Source::VaultDiagnostics,
        Source::VaultKeyRotation,
        Source::VaultCertificates,
    ];
    if !c.plan.wants_any(&wanted) {
        return KeyVaultData::default();
    }
    let mut vaults = c.list(&VAULTS, parse_vault).await;
    if let Fetched::Ok(vaults) = &mut vaults {
        c.children(vaults, async |vault: &Vault| details(c, vault).await, store)
            .await;
    }
    KeyVaultData { vaults }
}

type Details = (
    Fetched<Vec<VaultItem>>,
    Fetched<Vec<VaultItem>>,
    Fetched<Vec<crate::snapshot::monitor::DiagnosticSetting>>,
    Fetched<Vec<Certificate>>,
);

async fn details(c: &Collector, vault: &Vault) -> Details {
    let wanted = |source| c.plan.wants(source);
    tokio::join!(
        async {
            if !wanted(Source::VaultKeys) && !wanted(Source::VaultKeyRotation) {
                return Fetched::NotCollected;
            }
            let mut keys = c.list_under(&VAULT_KEYS, &vault.id, parse_item).await;
            if let Fetched::Ok(keys) = &mut keys
                && wanted(Source::VaultKeyRotation)
            {
                c.children(
                    keys,
                    async |key: &VaultItem| rotation(c, vault, key).await,
                    |key, policy| key.rotation_policy = policy,
                )
                .await;
            }
            keys
        },
        async {
            if !wanted(Source::VaultSecrets) {
                return Fetched::NotCollected;
            }
            c.list_under(&VAULT_SECRETS, &vault.id, parse_item).await
        },
        async {
            if !wanted(Source::VaultDiagnostics) {
                return Fetched::NotCollected;
            }
            c.list_under(
                &DIAGNOSTIC_SETTINGS,
                &vault.id,
                monitor::parse_diagnostic_setting,
            )
            .await
        },
        async {
            if !wanted(Source::VaultCertificates) {
                return Fetched::NotCollected;
            }
            // The data plane's host comes from the vault itself, never from its name.
            let uri = vault.vault_uri.as_deref().unwrap_or_default();
            c.list_in_vault(&VAULT_CERTIFICATES, uri, &vault.id, parse_certificate)
                .await
        },
    )
}

fn store(vault: &mut Vault, (keys, secrets, diagnostics, certificates): Details) {
    vault.keys = keys;
    vault.secrets = secrets;
    vault.diagnostic_settings = diagnostics;
    vault.certificates = certificates;
}

/// A data-plane certificate list item; its name is the last segment of its `id`.
pub(super) fn parse_certificate(r: &Reader) -> Certificate {
    let id = r.string("/id").unwrap_or_default();
    let name = id
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    Certificate {
        name,
        id,
        enabled: r.boolean("/attributes/enabled"),
        not_before: r.time("/attributes/nbf"),
        created: r.time("/attributes/created"),
        expires: r.time("/attributes/exp"),
    }
}

pub(super) fn parse_vault(r: &Reader) -> Vault {
    Vault {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        enable_soft_delete: r.boolean("/properties/enableSoftDelete"),
        enable_purge_protection: r.boolean("/properties/enablePurgeProtection"),
        enable_rbac_authorization: r.boolean("/properties/enableRbacAuthorization"),
        public_network_access: r.string("/properties/publicNetworkAccess"),
        network_default_action: r.string("/properties/networkAcls/defaultAction"),
        keys: Fetched::NotCollected,
        secrets: Fetched::NotCollected,
        diagnostic_settings: Fetched::NotCollected,
        private_endpoint_statuses: r
            .items("/properties/privateEndpointConnections")
            .iter()
            .map(|c| c.string("/properties/privateLinkServiceConnectionState/status"))
            .collect(),
        vault_uri: r.string("/properties/vaultUri"),
        certificates: Fetched::NotCollected,
    }
}

/// The rotation policy of an enabled key, read at the ID the key list gave (results
/// belong to what was requested, whatever `id` the answer carries).
async fn rotation(
    c: &Collector,
    vault: &Vault,
    key: &VaultItem,
) -> Fetched<Option<RotationPolicy>> {
    if !key.is_enabled() {
        return Fetched::NotCollected;
    }
    let key_id = key.id_in(vault, "keys");
    c.get_under(&VAULT_KEY, &key_id, parse_rotation_policy)
        .await
}

/// `properties.rotationPolicy` of a key; None when absent or null.
pub(super) fn parse_rotation_policy(r: &Reader) -> Option<RotationPolicy> {
    let policy = r.object("/properties/rotationPolicy")?;
    let lifetime_actions = policy
        .items("/lifetimeActions")
        .iter()
        .map(|a| LifetimeAction {
            action_type: a.string("/action/type"),
            time_after_create: a.string("/trigger/timeAfterCreate"),
            time_before_expiry: a.string("/trigger/timeBeforeExpiry"),
        })
        .collect();
    Some(RotationPolicy { lifetime_actions })
}

/// A key or secret as the management plane lists it: attributes only, never a value.
pub(super) fn parse_item(r: &Reader) -> VaultItem {
    VaultItem {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        enabled: r.boolean("/properties/attributes/enabled"),
        expires: r.time("/properties/attributes/exp"),
        rotation_policy: Fetched::NotCollected,
    }
}
