//! AKV-009: enabled keys without an automatic rotation policy.

use crate::rules::shape::each_part;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("akv", "AKV-009", sources: [Vaults, VaultKeys, VaultKeyRotation], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    each_part(
        out,
        &snapshot.keyvault.vaults,
        "key list",
        |v| &v.keys,
        |out, vault, keys| {
            for key in keys.iter().filter(|k| k.is_enabled()) {
                // Results belong to the key azscan requested, as the key list named it.
                let subject =
                    super::vault_object(vault, &key.id_in(vault, "keys"), &key.name, "keys");
                let what = format!(
                    "the rotation policy of key {} in vault {}",
                    key.name, vault.name
                );
                let Some(policy) = out.part(&key.rotation_policy, &subject, &what) else {
                    continue;
                };
                let actions = policy
                    .as_ref()
                    .map(|p| p.lifetime_actions.as_slice())
                    .unwrap_or(&[]);
                let listed: Vec<String> = actions
                    .iter()
                    .map(|a| {
                        let when = a
                            .time_after_create
                            .as_deref()
                            .map(|t| format!("{t} after creation"))
                            .or_else(|| {
                                a.time_before_expiry
                                    .as_deref()
                                    .map(|t| format!("{t} before expiry"))
                            })
                            .unwrap_or_else(|| "no trigger".to_string());
                        format!(
                            "{} ({when})",
                            a.action_type.as_deref().unwrap_or("no action")
                        )
                    })
                    .collect();
                let rotates = actions.iter().any(|a| a.rotates());
                let message = match (policy, rotates) {
                    (None, _) => format!(
                        "key {} in vault {} has no rotation policy",
                        key.name, vault.name
                    ),
                    (Some(_), true) => format!(
                        "key {} in vault {} rotates automatically: {}",
                        key.name,
                        vault.name,
                        listed.join(", ")
                    ),
                    (Some(_), false) if listed.is_empty() => format!(
                        "key {} in vault {} has a rotation policy without lifetime actions",
                        key.name, vault.name
                    ),
                    (Some(_), false) => format!(
                        "key {} in vault {} has no automatic rotation (lifetime actions: {})",
                        key.name,
                        vault.name,
                        listed.join(", ")
                    ),
                };
                out.judge(
                    rotates,
                    subject,
                    message,
                    json!({ "rotationPolicy.lifetimeActions": listed }),
                );
            }
        },
    );
}
