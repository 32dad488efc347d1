//! AZAPP-004: sites with remote debugging switched on.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azapp", "AZAPP-004", sources: [Sites, SiteConfigs], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    super::judge_configs(snapshot, out, |site, config, out| {
        let value = config.remote_debugging_enabled;
        let shown = value.map_or("not set".to_string(), |v| v.to_string());
        out.judge(
            value != Some(true),
            super::subject(site),
            format!("{}: remoteDebuggingEnabled is {shown}", super::label(site)),
            json!({ "kind": site.kind, "remoteDebuggingEnabled": value }),
        );
    });
}
