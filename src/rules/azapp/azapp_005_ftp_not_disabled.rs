//! AZAPP-005: sites that still accept plain FTP (`ftpsState` not Disabled or FtpsOnly).

use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azapp", "AZAPP-005", sources: [Sites, SiteConfigs], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    super::judge_configs(snapshot, out, |site, config, out| {
        let value = config.ftps_state.as_deref();
        let passed = eq_ci(value, "Disabled") || eq_ci(value, "FtpsOnly");
        out.judge(
            passed,
            super::subject(site),
            format!(
                "{}: ftpsState is {}",
                super::label(site),
                value.unwrap_or("not set")
            ),
            json!({ "kind": site.kind, "ftpsState": value }),
        );
    });
}
