//! ADF-002: data factories not encrypted with a customer-managed key (both the vault
//! URL and the key name must be set).

use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("adf", "ADF-002", sources: [DataFactories], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for factory in each(out, &snapshot.datafactory.factories) {
        let set = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        let vault = set(&factory.encryption_vault_base_url);
        let key = set(&factory.encryption_key_name);
        let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "not set".into());
        out.judge(
            vault.is_some() && key.is_some(),
            factory.subject(),
            format!(
                "{}: encryption.vaultBaseUrl is {}, encryption.keyName is {}",
                factory.label(),
                shown(&vault),
                shown(&key)
            ),
            json!({ "encryption.vaultBaseUrl": vault, "encryption.keyName": key }),
        );
    }
}
