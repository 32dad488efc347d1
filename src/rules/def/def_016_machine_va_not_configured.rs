//! DEF-016: subscriptions on Defender for Servers without vulnerability assessment for
//! machines: the `AzureServersSetting` must select provider `MdeTvm` (Defender
//! Vulnerability Management). Read from the setting itself, not an assessment's name.

use crate::collect::calls::VA_SETTINGS;
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("def", "DEF-016", sources: [DefenderPricings, VaSettings], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(settings) = super::servers_component(
        snapshot,
        out,
        &snapshot.security.va_settings,
        "the server vulnerability assessment settings",
        &VA_SETTINGS,
    ) else {
        return;
    };
    let subject = out.subscription();
    let servers: Vec<_> = settings
        .iter()
        .filter(|s| eq_ci(s.kind.as_deref(), "AzureServersSetting"))
        .collect();
    let evidence = json!({
        "settings": settings.iter().map(|s| json!({
            "name": s.name, "kind": s.kind, "selectedProvider": s.selected_provider
        })).collect::<Vec<_>>()
    });
    if servers
        .iter()
        .any(|s| eq_ci(s.selected_provider.as_deref(), "MdeTvm"))
    {
        out.pass(
            subject,
            "Vulnerability assessment for machines: AzureServersSetting selectedProvider is MdeTvm",
            evidence,
        );
        return;
    }
    let observed = match servers.first() {
        Some(s) => format!(
            "AzureServersSetting selectedProvider is {}",
            s.selected_provider.as_deref().unwrap_or("not set")
        ),
        None => "no AzureServersSetting is configured".to_string(),
    };
    out.fail(
        subject,
        format!("Vulnerability assessment for machines: {observed} (expected MdeTvm)"),
        evidence,
    );
}
