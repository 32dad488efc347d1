//! AZST-002: accounts that accept plain-HTTP requests.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("azst", "AZST-002", sources: [StorageAccounts],
    run: |s, out| property::judge_each(out, &s.storage.accounts, "supportsHttpsTrafficOnly",
        |a| a.supports_https_traffic_only, "not set", property::is_true));
