//! AZST-008: accounts without infrastructure (double) encryption.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("azst", "AZST-008", sources: [StorageAccounts],
    run: |s, out| property::judge_each(out, &s.storage.accounts,
        "encryption.requireInfrastructureEncryption",
        |a| a.require_infrastructure_encryption, "not set (disabled)", property::is_true));
