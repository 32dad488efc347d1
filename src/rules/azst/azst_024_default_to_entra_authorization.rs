//! AZST-024: accounts whose portal does not default to Microsoft Entra authorization.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("azst", "AZST-024", sources: [StorageAccounts],
    run: |s, out| property::judge_each(out, &s.storage.accounts,
        "defaultToOAuthAuthentication", |a| a.default_to_oauth_authentication,
        "not set (false)", property::is_true));
