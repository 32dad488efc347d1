//! AZST-004: accounts whose minimum TLS version is below 1.2 (or not a version at all).

use crate::rules::check;
use crate::rules::shape::property;
use crate::rules::shape::version::{Spelling, at_least};

// Compared as numbers so TLS1_3 and any later version pass.
pub const CHECK: crate::rules::Check = check!("azst", "AZST-004", sources: [StorageAccounts],
    run: |s, out| property::judge_each(out, &s.storage.accounts, "minimumTlsVersion",
        |a| a.minimum_tls_version.as_deref(), "not set",
        |v| at_least(v, Spelling::TlsPrefixed, (1, 2))));
