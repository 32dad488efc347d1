//! AZST-001: accounts that allow anonymous (public) access to blobs.

use crate::rules::check;
use crate::rules::shape::property;

// Accounts created before the property existed default to allowing it.
pub const CHECK: crate::rules::Check = check!("azst", "AZST-001", sources: [StorageAccounts],
    run: |s, out| property::judge_each(out, &s.storage.accounts, "allowBlobPublicAccess",
        |a| a.allow_blob_public_access,
        "not set (older accounts allow public blob access by default)", property::is_false));
