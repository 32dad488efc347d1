//! AZMON-004: key vaults whose audit events (AuditEvent) go to no destination.

use crate::rules::shape::diagnostics::{AUDIT_OR_ALL_LOGS, exporting};
use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azmon", "AZMON-004", sources: [Vaults, VaultDiagnostics], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    shape::each_part(
        out,
        &snapshot.keyvault.vaults,
        "diagnostic settings",
        |vault| &vault.diagnostic_settings,
        |out, vault, settings| {
            let auditing: Vec<&str> = exporting(settings, "AuditEvent", AUDIT_OR_ALL_LOGS)
                .iter()
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
                vault.subject(),
                message,
                json!({
                    "diagnosticSettings": settings.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
                    "auditingSettings": auditing,
                }),
            );
        },
    );
}
