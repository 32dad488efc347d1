//! AKV-005: enabled secrets without an expiration date (attributes only, never values).

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("akv", "AKV-005", sources: [Vaults, VaultSecrets],
    run: |s, out| super::judge_item_expiry(s, out, "secret", |vault| &vault.secrets));
