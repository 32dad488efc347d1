//! BKP-003: virtual machines no Recovery Services vault protects. Items are matched to
//! VMs by exact ID (`virtualMachineId`, else `sourceResourceId`); the `AzureIaasVM`
//! filter is re-applied to what the vaults return. Absence is proven only when every
//! vault's list was read.

use crate::rules::shape::{Resource, each};
use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::backup::{ProtectedItem, RecoveryVault};
use crate::snapshot::{Snapshot, canonical_id, eq_ci};
use serde_json::json;
use std::collections::HashMap;

pub const CHECK: crate::rules::Check = check!("bkp", "BKP-003",
    sources: [VirtualMachines, RecoveryVaults, BackupProtectedItems], run: run);

/// States in which new backups are still taken (null counts as protected).
const PROTECTING: &[&str] = &["Protected", "IRPending", "ProtectionError"];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let vms = each(out, &snapshot.compute.virtual_machines);
    let Some(vaults) = out.supporting(
        &snapshot.backup.vaults,
        "the Recovery Services vault list",
        vms,
        Subject::of,
    ) else {
        return;
    };
    // Items by the canonical ID of the VM they protect, so each VM is one lookup.
    let mut items: HashMap<String, Vec<(&RecoveryVault, &ProtectedItem)>> = HashMap::new();
    let mut unread: Vec<String> = Vec::new();
    for vault in vaults {
        match vault.protected_items.ok() {
            Some(list) => {
                for item in list
                    .iter()
                    .filter(|i| eq_ci(i.backup_management_type.as_deref(), "AzureIaasVM"))
                {
                    let protected = item
                        .virtual_machine_id
                        .as_deref()
                        .or(item.source_resource_id.as_deref());
                    if let Some(id) = protected {
                        items
                            .entry(canonical_id(id))
                            .or_default()
                            .push((vault, item));
                    }
                }
            }
            None => unread.extend(
                vault
                    .protected_items
                    .unavailable_reason(&format!("the protected items of {}", vault.described())),
            ),
        }
    }
    for vm in vms {
        let matched: &[(&RecoveryVault, &ProtectedItem)] = items
            .get(&canonical_id(&vm.id))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let protecting = matched.iter().find(|(_, item)| {
            let state = item.protection_state.as_deref();
            state.is_none() || PROTECTING.iter().any(|p| eq_ci(state, p))
        });
        if let Some((vault, item)) = protecting {
            let state = item.protection_state.as_deref().unwrap_or("not set");
            out.pass(
                vm.subject(),
                format!("{}: protected by vault {} (protectionState is {state})", vm.name, vault.name),
                json!({ "vault": vault.id, "protectedItem": item.id, "protectionState": item.protection_state }),
            );
        } else if !unread.is_empty() {
            out.error(
                vm.subject(),
                format!(
                    "{}: no protecting backup item found, but {}",
                    vm.name,
                    unread.join("; ")
                ),
            );
        } else if let Some((vault, item)) = matched.first() {
            out.fail(
                vm.subject(),
                format!(
                    "{}: its backup in vault {} is {}: no new backups are taken",
                    vm.name,
                    vault.name,
                    item.protection_state.as_deref().unwrap_or("not set")
                ),
                json!({ "vault": vault.id, "protectedItem": item.id, "protectionState": item.protection_state }),
            );
        } else {
            out.fail(
                vm.subject(),
                format!(
                    "{}: no Recovery Services vault in the subscription protects it",
                    vm.name
                ),
                json!({ "vaults": vaults.len() }),
            );
        }
    }
}
