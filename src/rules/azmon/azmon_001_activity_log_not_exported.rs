//! AZMON-001: the subscription's Activity Log is not exported with the Administrative,
//! Security and Policy categories.

use crate::rules::shape::diagnostics::{ALL_LOGS, Coverage};
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
    let coverage = Coverage::of(settings, &REQUIRED, ALL_LOGS);
    let (names, missing) = (&coverage.exporting, &coverage.missing);
    let message = match (coverage.complete(), names.is_empty()) {
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
        coverage.complete(),
        subject,
        message,
        json!({ "settingsWithDestination": names, "missingCategories": missing }),
    );
}
