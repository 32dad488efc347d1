//! AZST-007: accounts that accept Shared Key (account key) authorization.

use crate::rules::check;
use crate::rules::shape::property;

// The spec defines a null allowSharedKeyAccess as true: only an explicit false passes.
pub const CHECK: crate::rules::Check = check!("azst", "AZST-007", sources: [StorageAccounts],
    run: |s, out| property::judge_each(out, &s.storage.accounts, "allowSharedKeyAccess",
        |a| a.allow_shared_key_access, "not set (allowed)", property::is_false));
