//! BKP-001: Recovery Services vaults with soft delete disabled. The vault's
//! `softDeleteState` decides when it is Enabled, AlwaysON or Disabled; anything else
//! (null, `Invalid`, an unknown value, a refused vault GET) is read again through
//! `backupconfig/vaultconfig`.

use crate::rules::shape::{Resource, each, property};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::backup::soft_delete_decides;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("bkp", "BKP-001",
    sources: [RecoveryVaults, RecoveryVaultDetails, RecoveryVaultConfig], run: run);

const ON: &[&str] = &["Enabled", "AlwaysON"];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for vault in each(out, &snapshot.backup.vaults) {
        let state = vault
            .security()
            .and_then(|s| s.soft_delete_state.as_deref());
        let path = "securitySettings.softDeleteSettings.softDeleteState";
        if soft_delete_decides(state) {
            property::judge(
                out,
                vault,
                path,
                state,
                "not set",
                property::any_of(ON)(state),
            );
            continue;
        }
        let what = format!(
            "the backup configuration (backupconfig/vaultconfig) of {}",
            vault.described()
        );
        let Some(config) = out.part(&vault.vault_config, &vault.subject(), &what) else {
            continue;
        };
        // Microsoft's vaultconfig example omits the state: null or Invalid fails.
        let feature = config.soft_delete_feature_state.as_deref();
        out.judge(
            property::any_of(ON)(feature),
            vault.subject(),
            format!(
                "{}: {path} is {}, and backupconfig/vaultconfig softDeleteFeatureState is {}",
                vault.label(),
                state.unwrap_or("not set"),
                feature.unwrap_or("not set")
            ),
            json!({ path: state, "vaultconfig.softDeleteFeatureState": feature }),
        );
    }
}
