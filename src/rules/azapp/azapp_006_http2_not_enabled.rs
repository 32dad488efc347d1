//! AZAPP-006: web apps that do not serve HTTP/2 (`http20Enabled` not true).

use crate::rules::check;
use crate::rules::shape::{self, property};
use crate::snapshot::web::Site;

pub const CHECK: crate::rules::Check = check!("azapp", "AZAPP-006", sources: [Sites, SiteConfigs],
run: |s, out| shape::each_part_where(out, &s.web.sites, Site::is_web_app,
    "configuration (config/web)", |site| &site.config, |out, site, config| {
        let value = config.http20_enabled;
        property::judge(out, site, "http20Enabled", value, "not set (false)", property::is_true(value));
    }));
