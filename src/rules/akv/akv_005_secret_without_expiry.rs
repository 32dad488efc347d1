//! AKV-005: enabled secrets without an expiration date (attributes only, never values).

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;

pub const CHECK: crate::rules::Check =
    check!("akv", "AKV-005", sources: [Vaults, VaultSecrets], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let vaults = out.judged_in_subscription(&snapshot.keyvault.vaults, "the key vault list");
    super::judge_item_expiry(vaults, out, "secret", |vault| &vault.secrets);
}
