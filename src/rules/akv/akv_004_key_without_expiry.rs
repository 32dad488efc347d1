//! AKV-004: enabled keys without an expiration date (management-plane key list).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("akv", "AKV-004", sources: [Vaults, VaultKeys],
    run: |s, out| super::judge_item_expiry(s, out, "key", |vault| &vault.keys));
