//! ENTRA-002: app registration secrets and certificates valid for more than 180 days.

use super::{APPLICATIONS, describe_app, format_time, judged};
use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::entra::{Application, Credential};
use serde_json::json;
use time::Duration;

pub const CHECK: crate::rules::Check =
    check!("entra", "ENTRA-002", sources: [GraphApplications], run: run);

const MAX_VALIDITY: Duration = Duration::days(180);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let now = snapshot.collected_at;
    let Some(apps) = judged(
        out,
        &snapshot.entra.applications,
        "the app registration list",
        &APPLICATIONS,
    ) else {
        return;
    };
    for app in apps {
        let kinds = [
            (
                "passwordCredentials",
                "client secret",
                &app.password_credentials,
            ),
            ("keyCredentials", "certificate", &app.key_credentials),
        ];
        for (field, kind, credentials) in kinds {
            for (index, credential) in credentials.iter().enumerate() {
                // An expired credential no longer authenticates; ENTRA-002 is about
                // how long a usable one stays usable.
                if credential.expired_at(now) {
                    continue;
                }
                let subject = credential_subject(app, field, index, credential);
                let start = credential.start_date_time.unwrap_or(now);
                let from = match credential.start_date_time {
                    Some(start) => format_time(start),
                    None => format!(
                        "{} (no start date: counted from the scan)",
                        format_time(now)
                    ),
                };
                let evidence = json!({
                    "appId": app.app_id,
                    "keyId": credential.key_id,
                    "startDateTime": credential.start_date_time.map(format_time),
                    "endDateTime": credential.end_date_time.map(format_time),
                });
                let owner = describe_app(app);
                let label = credential.label();
                match credential.end_date_time {
                    None => out.fail(
                        subject,
                        format!("{kind} '{label}' of {owner} has no end date (valid from {from})"),
                        evidence,
                    ),
                    Some(end) => {
                        let validity = end - start;
                        let verdict = if validity > MAX_VALIDITY {
                            "more than 180"
                        } else {
                            "at most 180"
                        };
                        out.judge(
                            validity <= MAX_VALIDITY,
                            subject,
                            format!(
                                "{kind} '{label}' of {owner} is valid for {} days ({verdict}): from {from} to {}",
                                days(validity),
                                format_time(end)
                            ),
                            evidence,
                        );
                    }
                }
            }
        }
    }
}

/// `/applications/{id}/passwordCredentials/{keyId}`: one result per credential.
fn credential_subject(
    app: &Application,
    field: &str,
    index: usize,
    credential: &Credential,
) -> Subject {
    let key = credential
        .key_id
        .clone()
        .unwrap_or_else(|| index.to_string());
    let app_name = app.display_name.as_deref().unwrap_or(&app.id);
    Subject::new(
        &format!("/applications/{}/{field}/{key}", app.id),
        &format!("{app_name}/{}", credential.label()),
        &format!("Microsoft.Graph/applications/{field}"),
        None,
    )
}

/// Whole days when exact, else one decimal, so 180.5 never reads as "180".
fn days(span: Duration) -> String {
    if span.whole_seconds() % 86_400 == 0 {
        span.whole_days().to_string()
    } else {
        format!("{:.1}", span.as_seconds_f64() / 86_400.0)
    }
}
