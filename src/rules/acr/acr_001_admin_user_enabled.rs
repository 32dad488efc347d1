//! ACR-001: registries with the shared admin user enabled.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("acr", "ACR-001", sources: [Registries], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for registry in
        out.judged_in_subscription(&snapshot.acr.registries, "the container registry list")
    {
        let value = registry.admin_user_enabled;
        let shown = value.map_or("not set (disabled)".to_string(), |v| v.to_string());
        out.judge(
            value != Some(true),
            super::subject(registry),
            format!("{}: adminUserEnabled is {shown}", registry.name),
            json!({ "adminUserEnabled": value }),
        );
    }
}
