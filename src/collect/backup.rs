//! Recovery Services collector: vaults, then per vault (concurrently) the vault itself
//! when the list lacks its security settings, `backupconfig/vaultconfig` when the soft
//! delete state still decides nothing, and the Azure VM protected items.

use super::calls::{
    BACKUP_PROTECTED_ITEMS, RECOVERY_VAULT, RECOVERY_VAULT_CONFIG, RECOVERY_VAULTS,
};
use super::json::Reader;
use super::{Collector, Source};
use crate::snapshot::Fetched;
use crate::snapshot::backup::{
    BackupData, ProtectedItem, RecoveryVault, VaultConfig, VaultSecurity, soft_delete_decides,
};

pub async fn collect(c: &Collector) -> BackupData {
    let wanted = [
        Source::RecoveryVaults,
        Source::RecoveryVaultDetails,
        Source::RecoveryVaultConfig,
        Source::BackupProtectedItems,
    ];
    if !c.plan.wants_any(&wanted) {
        return BackupData::default();
    }
    let mut vaults = c.list(&RECOVERY_VAULTS, parse_vault).await;
    if let Fetched::Ok(vaults) = &mut vaults {
        c.children(
            vaults,
            async |vault: &RecoveryVault| details(c, vault).await,
            store,
        )
        .await;
    }
    BackupData { vaults }
}

type Details = (
    (Fetched<VaultSecurity>, Fetched<VaultConfig>),
    Fetched<Vec<ProtectedItem>>,
);

async fn details(c: &Collector, vault: &RecoveryVault) -> Details {
    let wanted = |source| c.plan.wants(source);
    tokio::join!(
        async {
            // The vault GET only when the list was sparse; `vaultconfig` only when
            // what the vault says (or a refused GET) leaves soft delete undecided.
            let details = if vault.security.is_none() && wanted(Source::RecoveryVaultDetails) {
                c.get_under(&RECOVERY_VAULT, &vault.id, |r| {
                    r.object("/properties/securitySettings")
                        .map(|s| parse_security(&s))
                        .unwrap_or_default()
                })
                .await
            } else {
                Fetched::NotCollected
            };
            let state = vault
                .security
                .as_ref()
                .or(details.ok())
                .and_then(|s| s.soft_delete_state.as_deref());
            let config = if wanted(Source::RecoveryVaultConfig) && !soft_delete_decides(state) {
                c.get_under(&RECOVERY_VAULT_CONFIG, &vault.id, parse_config)
                    .await
            } else {
                Fetched::NotCollected
            };
            (details, config)
        },
        async {
            if !wanted(Source::BackupProtectedItems) {
                return Fetched::NotCollected;
            }
            c.list_under(&BACKUP_PROTECTED_ITEMS, &vault.id, parse_protected_item)
                .await
        },
    )
}

fn store(vault: &mut RecoveryVault, ((details, config), items): Details) {
    vault.details = details;
    vault.vault_config = config;
    vault.protected_items = items;
}

pub(super) fn parse_vault(r: &Reader) -> RecoveryVault {
    RecoveryVault {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        location: r.string("/location"),
        security: r
            .object("/properties/securitySettings")
            .map(|s| parse_security(&s)),
        ..RecoveryVault::default()
    }
}

/// A vault's `properties.securitySettings` object.
pub(super) fn parse_security(r: &Reader) -> VaultSecurity {
    VaultSecurity {
        soft_delete_state: r.string("/softDeleteSettings/softDeleteState"),
        immutability_state: r.string("/immutabilitySettings/state"),
    }
}

pub(super) fn parse_config(r: &Reader) -> VaultConfig {
    VaultConfig {
        soft_delete_feature_state: r.string("/properties/softDeleteFeatureState"),
    }
}

pub(super) fn parse_protected_item(r: &Reader) -> ProtectedItem {
    ProtectedItem {
        id: r.string("/id").unwrap_or_default(),
        name: r.string("/name").unwrap_or_default(),
        backup_management_type: r.string("/properties/backupManagementType"),
        virtual_machine_id: r.string("/properties/virtualMachineId"),
        source_resource_id: r.string("/properties/sourceResourceId"),
        protection_state: r.string("/properties/protectionState"),
    }
}
