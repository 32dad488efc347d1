//! AZMON-004: key vaults whose audit events (AuditEvent) go to no destination.

use crate::rules::{Subject, Verdicts, check};
use crate::snapshot::{Fetched, Snapshot};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azmon", "AZMON-004", sources: [Vaults, VaultDiagnostics], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for vault in out.judged_in_subscription(&snapshot.keyvault.vaults, "the key vault list") {
        let subject = Subject::new(
            &vault.id,
            &vault.name,
            "Microsoft.KeyVault/vaults",
            vault.location.as_deref(),
        );
        let settings = match &vault.diagnostic_settings {
            Fetched::Ok(settings) => settings,
            unavailable => {
                let what = format!("the diagnostic settings of vault {}", vault.name);
                out.error(
                    subject,
                    unavailable.unavailable_reason(&what).unwrap_or_default(),
                );
                continue;
            }
        };
        let auditing: Vec<&str> = settings
            .iter()
            .filter(|s| s.has_destination() && s.enables("AuditEvent", &["audit", "allLogs"]))
            .map(|s| s.name.as_str())
            .collect();
        let message = match (auditing.first(), settings.is_empty()) {
            (Some(name), _) => format!(
                "{}: diagnostic setting {name} exports AuditEvent",
                vault.name
            ),
            (None, true) => format!("{}: no diagnostic settings", vault.name),
            (None, false) => format!(
                "{}: no diagnostic setting sends AuditEvent to a destination",
                vault.name
            ),
        };
        out.judge(
            !auditing.is_empty(),
            subject,
            message,
            json!({
                "diagnosticSettings": settings.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
                "auditingSettings": auditing,
            }),
        );
    }
}
