//! DEF-012: Defender for APIs (pricing `Api`) off in a subscription holding API
//! Management services.

use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("def", "DEF-012",
    sources: [ApiManagementServices, DefenderPricings],
    run: |s, out| super::plan_where_deployed(s, out,
        &s.apim.services, |_| true,
        ("Api", "Defender for APIs"), false));
