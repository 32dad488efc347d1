//! DEF-015: subscriptions on Defender for Servers whose Defender for Endpoint
//! integration (setting `WDATP`) is off. Other subscriptions: no result (DEF-001).

use crate::collect::calls::SECURITY_SETTINGS;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("def", "DEF-015", sources: [DefenderPricings, SecuritySettings], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(settings) = super::servers_component(
        snapshot,
        out,
        &snapshot.security.settings,
        "the Defender for Cloud settings",
        &SECURITY_SETTINGS,
    ) else {
        return;
    };
    let subject = out.subscription();
    match settings
        .iter()
        .find(|s| s.name.trim().eq_ignore_ascii_case("WDATP"))
    {
        Some(setting) => out.judge(
            setting.enabled == Some(true),
            subject,
            format!(
                "Defender for Endpoint integration: setting WDATP enabled is {}",
                setting
                    .enabled
                    .map_or("not set".to_string(), |e| e.to_string())
            ),
            json!({ "setting": {"name": setting.name, "kind": setting.kind, "enabled": setting.enabled} }),
        ),
        None => out.fail(
            subject,
            format!(
                "Defender for Endpoint integration: no WDATP setting among {} setting(s)",
                settings.len()
            ),
            json!({ "setting": null }),
        ),
    }
}
