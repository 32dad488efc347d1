//! ENTRA-018: app registrations that keep expired credentials.

use super::{APPLICATIONS, application_subject, describe_app, format_time, judged};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::entra::Credential;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("entra", "ENTRA-018", sources: [GraphApplications], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(apps) = judged(
        out,
        &snapshot.entra.applications,
        "the app registrations",
        &APPLICATIONS,
    ) else {
        return;
    };
    let at = snapshot.collected_at;
    for app in apps {
        let expired = |c: &&Credential| c.end_date_time.is_some_and(|end| end < at);
        let found: Vec<(&str, &Credential)> = app
            .password_credentials
            .iter()
            .filter(expired)
            .map(|c| ("secret", c))
            .chain(
                app.key_credentials
                    .iter()
                    .filter(expired)
                    .map(|c| ("certificate", c)),
            )
            .collect();
        let subject = application_subject(app);
        if found.is_empty() {
            out.pass(
                subject,
                format!("{} holds no expired credential", describe_app(app)),
                json!({ "credentials": app.password_credentials.len() + app.key_credentials.len() }),
            );
            continue;
        }
        // Only key IDs, names and dates: never a secret value or hint.
        let listed: Vec<String> = found
            .iter()
            .map(|(kind, c)| {
                let end = c.end_date_time.map(format_time).unwrap_or_default();
                format!(
                    "{kind} {} (key ID {}) expired {end}",
                    c.label(),
                    c.key_id.as_deref().unwrap_or("unknown")
                )
            })
            .collect();
        out.fail(
            subject,
            format!(
                "{} keeps expired credentials: {}",
                describe_app(app),
                listed.join("; ")
            ),
            json!({ "expired": found.iter().map(|(kind, c)| json!({
                "type": kind, "keyId": c.key_id, "displayName": c.display_name,
                "endDateTime": c.end_date_time.map(format_time),
            })).collect::<Vec<_>>() }),
        );
    }
}
