//! AZAPP-014 (opt-in, DP-4): app settings or connection strings holding a plaintext
//! secret instead of a Key Vault reference. The collector keeps only facts per name
//! (non-empty, Key Vault reference), never a value; the evidence lists names only.

use crate::rules::shape::{self, Resource};
use crate::rules::{Lifecycle, Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::web::SettingFacts;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("azapp", "AZAPP-014",
sources: [Sites, SiteAppSettings, SiteConnectionStrings], run: run,
lifecycle: Lifecycle::OptIn {
    reason: "reads app settings and connection strings (POST config/appsettings/list), which needs Microsoft.Web/sites/config/list/action (Website Contributor), not Reader; values are reduced to facts and never stored",
});

/// Name fragments that mark a secret (compared case-insensitively).
const SECRET_NAMES: [&str; 10] = [
    "password",
    "pwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "accountkey",
    "connectionstring",
    "clientsecret",
    "sas",
];

/// Settings that hold no secret despite their names: telemetry keys and identity-based
/// connections.
fn exempt(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "applicationinsights_connection_string"
        || lower == "appinsights_instrumentationkey"
        || lower.ends_with("__accountname")
        || lower.ends_with("__serviceuri")
}

fn plaintext(facts: &SettingFacts) -> bool {
    facts.non_empty && !facts.key_vault_reference
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for site in shape::each(out, &snapshot.web.sites) {
        let subject = site.subject();
        let Some(settings) = out.part(
            &site.app_settings,
            &subject,
            &format!("the app settings of {}", site.described()),
        ) else {
            continue;
        };
        let Some(strings) = out.part(
            &site.connection_strings,
            &subject,
            &format!("the connection strings of {}", site.described()),
        ) else {
            continue;
        };
        let secret_settings: Vec<&str> = settings
            .iter()
            .filter(|s| !exempt(&s.name) && plaintext(s))
            .filter(|s| {
                let lower = s.name.to_ascii_lowercase();
                SECRET_NAMES.iter().any(|n| lower.contains(n))
            })
            .map(|s| s.name.as_str())
            .collect();
        let secret_strings: Vec<&str> = strings
            .iter()
            .filter(|s| plaintext(s))
            .map(|s| s.name.as_str())
            .collect();
        let passed = secret_settings.is_empty() && secret_strings.is_empty();
        let message = if passed {
            format!(
                "{}: no app setting or connection string holds a plaintext secret",
                site.label()
            )
        } else {
            let mut parts = Vec::new();
            if !secret_settings.is_empty() {
                parts.push(format!("app settings {}", secret_settings.join(", ")));
            }
            if !secret_strings.is_empty() {
                parts.push(format!("connection strings {}", secret_strings.join(", ")));
            }
            format!(
                "{}: {} hold a value that is not a Key Vault reference",
                site.label(),
                parts.join(" and ")
            )
        };
        out.judge(
            passed,
            subject,
            message,
            json!({
                "appSettings": secret_settings,
                "connectionStrings": secret_strings,
                "kind": site.kind,
            }),
        );
    }
}
