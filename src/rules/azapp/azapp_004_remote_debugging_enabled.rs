//! AZAPP-004: sites with remote debugging switched on.

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("azapp", "AZAPP-004", sources: [Sites, SiteConfigs],
run: |s, out| super::judge_configs(s, out, |out, site, config| {
    let value = config.remote_debugging_enabled;
    property::judge(out, site, "remoteDebuggingEnabled", value, "not set", property::not_true(value));
}));
