//! AKV-004: enabled keys without an expiration date (management-plane key list).

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;

pub const CHECK: crate::rules::Check =
    check!("akv", "AKV-004", sources: [Vaults, VaultKeys], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let vaults = out.judged_in_subscription(&snapshot.keyvault.vaults, "the key vault list");
    super::judge_item_expiry(vaults, out, "key", |vault| &vault.keys);
}
