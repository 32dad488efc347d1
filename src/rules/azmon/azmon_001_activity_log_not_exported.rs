//! AZMON-001: the subscription's Activity Log is not exported with the Administrative,
//! Security and Policy categories.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azmon", "AZMON-001", sources: [SubscriptionDiagnostics], run: run);

const REQUIRED: [&str; 3] = ["Administrative", "Security", "Policy"];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(settings) = out.readable_in_subscription(
        &snapshot.monitor.subscription_diagnostic_settings,
        "the subscription diagnostic settings",
    ) else {
        return;
    };
    // A setting without a destination exports nothing, whatever it enables.
    let exporting: Vec<_> = settings.iter().filter(|s| s.has_destination()).collect();
    let missing: Vec<&str> = REQUIRED
        .into_iter()
        .filter(|category| !exporting.iter().any(|s| s.enables(category, &["allLogs"])))
        .collect();
    let names: Vec<&str> = exporting.iter().map(|s| s.name.as_str()).collect();
    let message = match (missing.is_empty(), names.is_empty()) {
        (true, _) => format!(
            "the Activity Log is exported with Administrative, Security and Policy by {}",
            names.join(", ")
        ),
        (false, true) => format!(
            "no diagnostic setting exports the Activity Log (missing categories: {})",
            missing.join(", ")
        ),
        (false, false) => format!(
            "the Activity Log export ({}) is missing the categories: {}",
            names.join(", "),
            missing.join(", ")
        ),
    };
    let subject = out.subscription();
    out.judge(
        missing.is_empty(),
        subject,
        message,
        json!({ "settingsWithDestination": names, "missingCategories": missing }),
    );
}
