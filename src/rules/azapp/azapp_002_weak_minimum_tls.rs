//! AZAPP-002: sites whose minimum inbound TLS version is below 1.2 (or not a version).

use crate::rules::check;
use crate::rules::shape::property;
use crate::rules::shape::version::{Spelling, at_least};

// As numbers, not text, so "1.3" (and any later version) passes.
pub const CHECK: crate::rules::Check = check!("azapp", "AZAPP-002", sources: [Sites, SiteConfigs],
run: |s, out| super::judge_configs(s, out, |out, site, config| {
    let value = config.min_tls_version.as_deref();
    let passed = at_least(value, Spelling::Number, (1, 2));
    property::judge(out, site, "minTlsVersion", value, "not set", passed);
}));
