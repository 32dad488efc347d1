//! AZMON-015: the subscription has no Application Insights resource.

use crate::rules::evidence::{FEW, first_few};
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
    // A subscription can hold thousands: name the first few and say how many.
    let message = match names.len() {
        0 => "no Application Insights resource exists in the subscription".to_string(),
        1..=FEW => format!("Application Insights resources: {}", names.join(", ")),
        n => format!(
            "{n} Application Insights resources, among them {}",
            names[..FEW].join(", ")
        ),
    };
    let subject = out.subscription();
    out.judge(
        !names.is_empty(),
        subject,
        message,
        json!({ "components": first_few(&names), "count": names.len() }),
    );
}
