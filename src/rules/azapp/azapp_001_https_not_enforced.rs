//! AZAPP-001: sites that still answer plain HTTP (`httpsOnly` not true).

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("azapp", "AZAPP-001", sources: [Sites],
    run: |s, out| property::judge_each(out, &s.web.sites, "httpsOnly",
        |site| site.https_only, "not set", property::is_true));
