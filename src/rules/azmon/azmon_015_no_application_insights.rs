//! AZMON-015: the subscription has no Application Insights resource.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azmon", "AZMON-015", sources: [AppInsightsComponents], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(components) = out.readable_in_subscription(
        &snapshot.monitor.app_insights_components,
        "the Application Insights component list",
    ) else {
        return;
    };
    let names: Vec<&str> = components.iter().map(|c| c.name.as_str()).collect();
    let message = if names.is_empty() {
        "no Application Insights resource exists in the subscription".to_string()
    } else {
        format!("Application Insights resources: {}", names.join(", "))
    };
    let subject = out.subscription();
    out.judge(
        !names.is_empty(),
        subject,
        message,
        json!({ "components": names }),
    );
}
