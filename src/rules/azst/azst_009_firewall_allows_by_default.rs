//! AZST-009: accounts whose firewall lets every network in by default.

use crate::rules::shape::exposure::{DefaultAction, Exposure};
use crate::rules::shape::{Resource, each};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::{Value, json};

pub const CHECK: crate::rules::Check =
    check!("azst", "AZST-009", sources: [StorageAccounts], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for account in each(out, &snapshot.storage.accounts) {
        let acls = account.network_acls.as_ref();
        let exposure = Exposure {
            public_network_access: account.public_network_access.as_deref(),
            default_action: Some(DefaultAction {
                path: "networkAcls.defaultAction",
                value: acls.and_then(|a| a.default_action.as_deref()),
                inert: None,
            }),
        };
        let (ip_rules, vnet_rules) = acls.map_or((0, 0), |a| (a.ip_rules, a.virtual_network_rules));
        let bypass = acls.and_then(|a| a.bypass.as_deref());
        let mut evidence = exposure.evidence();
        evidence.insert("networkAcls.ipRules".into(), json!(ip_rules));
        evidence.insert("networkAcls.virtualNetworkRules".into(), json!(vnet_rules));
        evidence.insert("networkAcls.bypass".into(), json!(bypass));
        out.judge(
            exposure.restricted(),
            account.subject(),
            format!(
                "{}: {} ({ip_rules} IP rules, {vnet_rules} virtual network rules, bypass {})",
                account.label(),
                exposure.describe(),
                bypass.unwrap_or("not set")
            ),
            Value::Object(evidence),
        );
    }
}
