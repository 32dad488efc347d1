//! SYN-001: Synapse workspaces reachable from public networks; the firewall rules only
//! describe how far (never ERROR when they cannot be read).

use crate::rules::shape::exposure::Exposure;
use crate::rules::shape::{Resource, each, firewall_rules};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::Value;

pub const CHECK: crate::rules::Check =
    check!("syn", "SYN-001", sources: [SynapseWorkspaces, SynapseFirewallRules], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for workspace in each(out, &snapshot.synapse.workspaces) {
        let exposure = Exposure::access(workspace.public_network_access.as_deref());
        if exposure.access_disabled() {
            exposure.judge(out, workspace, &[]);
            continue;
        }
        let (rules, rule_evidence) = firewall_rules::summary(&workspace.firewall_rules);
        let mut evidence = exposure.evidence();
        evidence.insert("firewall".into(), rule_evidence);
        out.fail(
            workspace.subject(),
            format!("{}: {}; {rules}", workspace.label(), exposure.describe()),
            Value::Object(evidence),
        );
    }
}
