//! ACR-010: Premium registries that keep untagged manifests forever.

use super::premium;
use crate::rules::shape::Resource;
use crate::rules::shape::property;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("acr", "ACR-010", sources: [Registries], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for registry in premium(out, &snapshot.acr.registries) {
        let status = registry.retention_policy_status.as_deref();
        let passed = property::any_of(&["enabled"])(status);
        let mut message = format!(
            "{}: policies.retentionPolicy.status is {}",
            registry.name,
            status.unwrap_or("not set (disabled)")
        );
        if let (true, Some(days)) = (passed, registry.retention_days) {
            message.push_str(&format!(
                ", untagged manifests are deleted after {days} days"
            ));
        }
        out.judge(
            passed,
            registry.subject(),
            message,
            json!({
                "policies.retentionPolicy.status": status,
                "policies.retentionPolicy.days": registry.retention_days,
            }),
        );
    }
}
