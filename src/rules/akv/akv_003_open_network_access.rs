//! AKV-003: vaults reachable from all networks.

use crate::rules::shape::each;
use crate::rules::shape::exposure::{DefaultAction, Exposure};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;

pub const CHECK: crate::rules::Check = check!("akv", "AKV-003", sources: [Vaults], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for vault in each(out, &snapshot.keyvault.vaults) {
        let exposure = Exposure {
            public_network_access: vault.public_network_access.as_deref(),
            default_action: Some(DefaultAction {
                path: "networkAcls.defaultAction",
                value: vault.network_default_action.as_deref(),
                inert: None,
            }),
        };
        exposure.judge(out, vault, &[]);
    }
}
