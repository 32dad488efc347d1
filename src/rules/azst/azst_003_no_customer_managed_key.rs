//! AZST-003: accounts encrypted with Microsoft-managed rather than customer-managed keys.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("azst", "AZST-003", sources: [StorageAccounts],
    run: |s, out| property::judge_each(out, &s.storage.accounts, "encryption.keySource",
        |a| a.encryption_key_source.as_deref(), "not set", property::any_of(&["Microsoft.Keyvault"])));
