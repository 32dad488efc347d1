//! AZVM-015: managed disks whose export and upload URLs do not require Entra ID.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("azvm", "AZVM-015", sources: [ManagedDisks],
    run: |s, out| property::judge_each(out, &s.compute.disks, "dataAccessAuthMode",
        |disk| disk.data_access_auth_mode.as_deref(), "not set (None)",
        property::any_of(&["AzureActiveDirectory"])));
