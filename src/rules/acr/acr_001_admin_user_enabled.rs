//! ACR-001: registries with the shared admin user enabled.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("acr", "ACR-001", sources: [Registries],
    run: |s, out| property::judge_each(out, &s.acr.registries, "adminUserEnabled",
        |r| r.admin_user_enabled, "not set (disabled)", property::not_true));
