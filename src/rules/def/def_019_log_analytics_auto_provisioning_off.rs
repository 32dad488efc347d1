//! DEF-019: Log Analytics agent auto-provisioning off (setting `default`). The agent
//! was retired in August 2024; kept LOW for CIS v3 parity.

use crate::collect::calls::AUTO_PROVISIONING;
use crate::rules::{Lifecycle, Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("def", "DEF-019", sources: [AutoProvisioning],
run: run,
lifecycle: Lifecycle::Legacy {
    reason: "the Log Analytics agent was retired in August 2024; DEF-015, DEF-016 and DEF-017 judge its successors",
});

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Some(settings) = super::setting_list(
        snapshot,
        out,
        &snapshot.security.auto_provisioning,
        "the Defender auto-provisioning settings",
        &AUTO_PROVISIONING,
    ) else {
        return;
    };
    let subject = out.subscription();
    let default = settings
        .iter()
        .find(|s| s.name.trim().eq_ignore_ascii_case("default"));
    let value = default.and_then(|s| s.auto_provision.as_deref());
    let observed = match default {
        Some(_) => format!("autoProvision is {}", value.unwrap_or("not set")),
        None => "no default auto-provisioning setting".to_string(),
    };
    out.judge(
        eq_ci(value, "On"),
        subject,
        format!("Log Analytics agent auto-provisioning: {observed}"),
        json!({ "autoProvision": value }),
    );
}
