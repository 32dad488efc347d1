//! ACR-006: registries that serve images to unauthenticated clients.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("acr", "ACR-006", sources: [Registries],
    run: |s, out| property::judge_each(out, &s.acr.registries, "anonymousPullEnabled",
        |r| r.anonymous_pull_enabled, "not set (disabled)", property::not_true));
