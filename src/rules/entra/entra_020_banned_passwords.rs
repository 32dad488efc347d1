//! ENTRA-020: custom banned password list not enforced.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("entra", "ENTRA-020", sources: [GraphGroupSettings], run: run);

/// The Password Rule Settings template.
const PASSWORD_RULES: &str = "5cf42378-d67d-4f36-ba46-e8b86229381d";

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Ok(setting) = super::group_setting(snapshot, out, PASSWORD_RULES) else {
        return;
    };
    let tenant = out.tenant();
    let Some(setting) = setting else {
        out.fail(
            tenant,
            "no Password Rule Settings directory setting exists: no custom banned password list is enforced",
            json!({ "templateId": PASSWORD_RULES, "setting": null }),
        );
        return;
    };
    let check = setting.value("EnableBannedPasswordCheck");
    let list = setting.value("BannedPasswordList");
    let threshold = setting.value("LockoutThreshold");
    let duration = setting.value("LockoutDurationInSeconds");
    let evidence = json!({
        "templateId": PASSWORD_RULES,
        "EnableBannedPasswordCheck": check,
        "bannedPasswordCount": list.map(|l| entries(l).len()),
        "LockoutThreshold": threshold,
        "LockoutDurationInSeconds": duration,
    });
    // The list itself is never reported, only how many entries it holds.
    let enforced = check.is_some_and(|c| c.trim().eq_ignore_ascii_case("true"));
    let count = list.map(|l| entries(l).len()).unwrap_or(0);
    let lockout = format!(
        "lockout after {} failed attempts (CIS: 10 or fewer) for {} seconds (CIS: 60 or more)",
        threshold.unwrap_or("an unreported number of"),
        duration.unwrap_or("an unreported number of")
    );
    let message = match (enforced, count) {
        (true, n) if n > 0 => {
            format!("the custom banned password list is enforced with {n} entries; {lockout}")
        }
        (true, _) => format!(
            "EnableBannedPasswordCheck is on but the banned password list is empty; {lockout}"
        ),
        (false, _) => format!(
            "EnableBannedPasswordCheck is {}: the custom banned password list is not enforced; {lockout}",
            check.unwrap_or("not set")
        ),
    };
    out.judge(enforced && count > 0, tenant, message, evidence);
}

/// The list is tab- or comma-separated text.
fn entries(list: &str) -> Vec<&str> {
    list.split(['\t', ',', '\n'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect()
}
