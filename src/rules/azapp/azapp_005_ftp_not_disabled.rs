//! AZAPP-005: sites that still accept plain FTP (`ftpsState` not Disabled or FtpsOnly).

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("azapp", "AZAPP-005", sources: [Sites, SiteConfigs],
run: |s, out| super::judge_configs(s, out, |out, site, config| {
    let value = config.ftps_state.as_deref();
    let passed = property::any_of(&["Disabled", "FtpsOnly"])(value);
    property::judge(out, site, "ftpsState", value, "not set", passed);
}));
