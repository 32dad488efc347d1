//! DEF-022: Defender alert emails not enabled for high-severity alerts: the enabled
//! contact needs a `notificationsSources` item of type Alert with `minimalSeverity`
//! High, Medium or Low, and a recipient (an address, or role notifications On).

use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::security::SecurityContact;
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("def", "DEF-022", sources: [SecurityContacts], run: run);

const SEVERITIES: [&str; 3] = ["High", "Medium", "Low"];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    super::judge_contact(snapshot, out, "Alert emails", judge);
}

fn judge(out: &mut Verdicts, subject: Subject, contact: &SecurityContact) {
    let alerts: Vec<_> = contact
        .notifications_sources
        .iter()
        .filter(|s| eq_ci(s.source_type.as_deref(), "Alert"))
        .collect();
    let severity = alerts.iter().find_map(|s| {
        s.minimal_severity
            .as_deref()
            .filter(|v| SEVERITIES.iter().any(|e| eq_ci(Some(v), e)))
    });
    let recipient = !super::contact_emails(contact).is_empty() || super::notifies_roles(contact);
    let evidence = json!({
        "isEnabled": contact.is_enabled,
        "alertSources": alerts.iter().map(|s| json!({"minimalSeverity": s.minimal_severity})).collect::<Vec<_>>(),
        "hasRecipient": recipient,
    });
    let problem = if !super::contact_enabled(contact) {
        Some(format!("{} has isEnabled false", contact.name))
    } else if alerts.is_empty() {
        Some(format!("{} has no Alert notification source", contact.name))
    } else if severity.is_none() {
        let given: Vec<&str> = alerts
            .iter()
            .map(|s| s.minimal_severity.as_deref().unwrap_or("not set"))
            .collect();
        Some(format!(
            "Alert notifications have minimalSeverity {}, not High, Medium or Low",
            given.join(", ")
        ))
    } else if !recipient {
        Some(format!(
            "Alert notifications are configured but {} has no recipient (no email address, role notifications off)",
            contact.name
        ))
    } else {
        None
    };
    match problem {
        Some(problem) => out.fail(subject, format!("Alert emails: {problem}"), evidence),
        None => out.pass(
            subject,
            format!(
                "Alert emails: Alert notifications from minimalSeverity {} go to {}'s recipients",
                severity.unwrap_or_default(),
                contact.name
            ),
            evidence,
        ),
    }
}
