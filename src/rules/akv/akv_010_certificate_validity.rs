//! AKV-010: enabled certificates valid for longer than allowed (vault data plane, opt-in).

use crate::rules::shape::each_part;
use crate::rules::{Lifecycle, Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;
use time::format_description::well_known::Rfc3339;

pub const CHECK: crate::rules::Check = check!("akv", "AKV-010",
sources: [Vaults, VaultCertificates], run: run,
lifecycle: Lifecycle::OptIn {
    reason: "reads each vault's data plane (certificate attributes): needs Key Vault Reader or the certificate List permission, and the vault firewall must admit the scanner",
});

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let limit_days = out.settings().keyvault.max_cert_validity_days;
    each_part(
        out,
        &snapshot.keyvault.vaults,
        "certificate list (data plane)",
        |v| &v.certificates,
        |out, vault, certificates| {
            for cert in certificates.iter().filter(|c| c.is_enabled()) {
                let id = format!(
                    "{}/certificates/{}",
                    vault.id.trim_end_matches('/'),
                    cert.name
                );
                let subject = super::vault_object(vault, &id, &cert.name, "certificates");
                let shown =
                    |t: Option<time::OffsetDateTime>| t.and_then(|t| t.format(&Rfc3339).ok());
                // Without nbf the validity starts when the certificate was created.
                let start = cert.not_before.or(cert.created);
                let evidence = json!({
                    "attributes.nbf": shown(cert.not_before),
                    "attributes.created": shown(cert.created),
                    "attributes.exp": shown(cert.expires),
                    "limitDays": limit_days,
                });
                let label = format!("certificate {} in vault {}", cert.name, vault.name);
                let (Some(start), Some(end)) = (start, cert.expires) else {
                    let missing = if cert.expires.is_none() {
                        "no expiry (exp)"
                    } else {
                        "no start (nbf or created)"
                    };
                    out.fail(subject, format!("{label} has {missing}"), evidence);
                    continue;
                };
                let days = (end - start).whole_seconds() as f64 / 86_400.0;
                out.judge(
                    days <= f64::from(limit_days),
                    subject,
                    format!("{label} is valid for {days:.0} days (limit {limit_days})"),
                    evidence,
                );
            }
        },
    );
}
