//! AZAPP-001: sites that still answer plain HTTP (`httpsOnly` not true).

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azapp", "AZAPP-001", sources: [Sites], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for site in out.judged_in_subscription(&snapshot.web.sites, "the App Service site list") {
        let value = site.https_only;
        let shown = value.map_or("not set".to_string(), |v| v.to_string());
        out.judge(
            value == Some(true),
            super::subject(site),
            format!("{}: httpsOnly is {shown}", super::label(site)),
            json!({ "kind": site.kind, "httpsOnly": value }),
        );
    }
}
