//! ENTRA-013: users can create Microsoft 365 groups.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("entra", "ENTRA-013", sources: [GraphGroupSettings], run: run);

/// The Group.Unified settings template.
const GROUP_UNIFIED: &str = "62375ab9-6b52-47ed-826b-58e47e0e304b";

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let Ok(setting) = super::group_setting(snapshot, out, GROUP_UNIFIED) else {
        return;
    };
    let tenant = out.tenant();
    let Some(setting) = setting else {
        out.fail(
            tenant,
            "no Group.Unified directory setting exists, so the default applies: every user can create Microsoft 365 groups",
            json!({ "templateId": GROUP_UNIFIED, "setting": null }),
        );
        return;
    };
    let value = setting.value("EnableGroupCreation");
    let evidence = json!({ "templateId": GROUP_UNIFIED, "EnableGroupCreation": value });
    let off = value.is_some_and(|v| v.trim().eq_ignore_ascii_case("false"));
    let message = match value {
        Some(v) if off => format!("EnableGroupCreation is {v}: only admins (and any allowed group) can create Microsoft 365 groups"),
        Some(v) => format!("EnableGroupCreation is {v}: every user can create Microsoft 365 groups"),
        None => "EnableGroupCreation is not set (default true): every user can create Microsoft 365 groups".to_string(),
    };
    out.judge(off, tenant, message, evidence);
}
