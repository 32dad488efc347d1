//! AZMON-017: Microsoft Entra sign-in and audit logs are not exported (the tenant's
//! `microsoft.aadiam` diagnostic settings, read once per tenant).

use crate::rules::shape::diagnostics::{ALL_LOGS, Coverage};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Fetched, Snapshot};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azmon", "AZMON-017", sources: [AadDiagnostics], run: run);

const REQUIRED: [&str; 2] = ["AuditLogs", "SignInLogs"];
const REPORTED: [&str; 4] = [
    "NonInteractiveUserSignInLogs",
    "ServicePrincipalSignInLogs",
    "ManagedIdentitySignInLogs",
    "MicrosoftGraphActivityLogs",
];

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let subject = out.tenant();
    let settings = match &snapshot.monitor.aad_diagnostic_settings {
        Fetched::Ok(settings) => settings,
        unavailable => {
            let reason = unavailable
                .unavailable_reason("the Microsoft Entra ID diagnostic settings (microsoft.aadiam; reading them needs a Microsoft Entra role such as Security Reader or Global Reader, Azure RBAC alone does not grant it)")
                .unwrap_or_default();
            out.error(subject, reason);
            return;
        }
    };
    let coverage = Coverage::of(settings, &REQUIRED, ALL_LOGS);
    let also: Vec<&str> = REPORTED
        .iter()
        .copied()
        .filter(|c| Coverage::of(settings, &[c], ALL_LOGS).complete())
        .collect();
    let also_text = if also.is_empty() {
        "none of the other sign-in or Graph activity logs".to_string()
    } else {
        also.join(", ")
    };
    let message = if coverage.complete() {
        format!(
            "AuditLogs and SignInLogs are exported by {}; also exported: {also_text}",
            coverage.exporting.join(", ")
        )
    } else if coverage.exporting.is_empty() {
        "no Microsoft Entra diagnostic setting sends logs to a destination".to_string()
    } else {
        format!(
            "the Microsoft Entra diagnostic settings ({}) do not export: {}",
            coverage.exporting.join(", "),
            coverage.missing.join(", ")
        )
    };
    out.judge(
        coverage.complete(),
        subject,
        message,
        json!({
            "settingsWithDestination": coverage.exporting,
            "missingCategories": coverage.missing,
            "alsoExported": also,
        }),
    );
}
