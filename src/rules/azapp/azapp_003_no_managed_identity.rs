//! AZAPP-003: sites with no managed identity (`identity.type` absent or `None`).

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("azapp", "AZAPP-003", sources: [Sites],
    run: |s, out| property::judge_each(out, &s.web.sites, "identity.type",
        |site| site.identity_type.as_deref().filter(|t| !t.trim().is_empty()),
        "not set", property::none_of(&["None"])));
