//! AZMON-007: no enabled, subscription-wide activity log alert on Service Health events.

use crate::rules::evidence::first_few;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azmon", "AZMON-007", sources: [ActivityLogAlerts], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(alerts) = super::subscription_alerts(snapshot, out) else {
        return;
    };
    let watching: Vec<&str> = alerts
        .iter()
        .filter(|a| a.matches("category", "ServiceHealth"))
        .map(|a| a.name.as_str())
        .collect();
    let message = match watching.first() {
        Some(name) => format!("alert {name} watches Service Health events"),
        None => "no enabled subscription-wide alert watches Service Health events".to_string(),
    };
    let subject = out.subscription();
    out.judge(
        !watching.is_empty(),
        subject,
        message,
        json!({
            "serviceHealthAlertCount": watching.len(),
            "serviceHealthAlerts": first_few(&watching),
        }),
    );
}
