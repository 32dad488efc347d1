//! Key Vault checks (AKV-*).

mod akv_001_soft_delete_disabled;
mod akv_002_no_purge_protection;
mod akv_003_open_network_access;
mod akv_004_key_without_expiry;
mod akv_005_secret_without_expiry;
mod akv_006_access_policies_not_rbac;
mod akv_007_no_private_endpoint;
mod akv_008_public_access_with_private_endpoint;
mod akv_009_key_without_rotation;
mod akv_010_certificate_validity;

use super::shape;
use super::{Check, Subject, Verdicts};
use crate::snapshot::keyvault::{Vault, VaultItem};
use crate::snapshot::{Fetched, Snapshot};
use serde_json::json;
use time::format_description::well_known::Rfc3339;

pub const CHECKS: &[Check] = &[
    akv_001_soft_delete_disabled::CHECK,
    akv_002_no_purge_protection::CHECK,
    akv_003_open_network_access::CHECK,
    akv_004_key_without_expiry::CHECK,
    akv_005_secret_without_expiry::CHECK,
    akv_006_access_policies_not_rbac::CHECK,
    akv_007_no_private_endpoint::CHECK,
    akv_008_public_access_with_private_endpoint::CHECK,
    akv_009_key_without_rotation::CHECK,
    akv_010_certificate_validity::CHECK,
];

shape::named_resource!(Vault, list: "the key vault list", called: "vault");

/// How many of the vault's private endpoint connections are approved (D3).
fn approved_private_endpoints(vault: &Vault) -> usize {
    shape::exposure::approved_private_endpoints(
        vault.private_endpoint_statuses.iter().map(|s| s.as_deref()),
    )
}

/// The subject of a key, secret or certificate of `vault`: named `vault/name`, typed
/// `Microsoft.KeyVault/vaults/{kind}` (`keys`, `secrets`, `certificates`).
fn vault_object(vault: &Vault, id: &str, name: &str, kind: &str) -> Subject {
    Subject::new(
        id,
        &format!("{}/{name}", vault.name),
        &format!("Microsoft.KeyVault/vaults/{kind}"),
        vault.location.as_deref(),
    )
}

/// AKV-004/005: one verdict per enabled key or secret; a vault whose list could not be
/// read gets one ERROR with the vault as resource, and an empty list gives nothing.
fn judge_item_expiry(
    snapshot: &Snapshot,
    out: &mut Verdicts,
    kind: &str,
    list: fn(&Vault) -> &Fetched<Vec<VaultItem>>,
) {
    let what = format!("{kind} list");
    shape::each_part(
        out,
        &snapshot.keyvault.vaults,
        &what,
        list,
        |out, vault, items| {
            for item in items.iter().filter(|i| i.is_enabled()) {
                let item_subject = vault_object(vault, &item.id, &item.name, &format!("{kind}s"));
                let expires = item.expires.and_then(|t| t.format(&Rfc3339).ok());
                let message = match &expires {
                    Some(at) => {
                        format!("{kind} {} in vault {} expires {at}", item.name, vault.name)
                    }
                    None => format!(
                        "{kind} {} in vault {} has no expiration date",
                        item.name, vault.name
                    ),
                };
                out.judge(
                    expires.is_some(),
                    item_subject,
                    message,
                    json!({ "attributes.exp": expires }),
                );
            }
        },
    );
}
