//! AZNW-011: subscriptions with virtual machines but no Azure Bastion host.

use crate::rules::evidence::{FEW, first_few};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check = check!("aznw", "AZNW-011",
    sources: [BastionHosts, VirtualMachines], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    // Whether the subscription is in scope depends on its VMs.
    let Some(vms) = out.readable_in_subscription(
        &snapshot.compute.virtual_machines,
        "the virtual machine list",
    ) else {
        return;
    };
    if vms.is_empty() {
        return;
    }
    let Some(bastions) =
        out.readable_in_subscription(&snapshot.network.bastion_hosts, "the Bastion host list")
    else {
        return;
    };
    let subject = out.subscription();
    let names: Vec<&str> = bastions.iter().map(|b| b.name.as_str()).collect();
    let evidence = json!({
        "virtualMachineCount": vms.len(),
        "bastionHosts": first_few(&names),
        "bastionHostCount": names.len(),
    });
    if names.is_empty() {
        out.fail(
            subject,
            format!(
                "{} virtual machine(s) but no Azure Bastion host in this subscription (a Bastion in a peered hub subscription also serves: suppress this result with that reason)",
                vms.len()
            ),
            evidence,
        );
    } else {
        out.pass(
            subject,
            format!(
                "{} Azure Bastion host(s) present: {}{}",
                names.len(),
                names[..names.len().min(FEW)].join(", "),
                if names.len() > FEW { ", …" } else { "" }
            ),
            evidence,
        );
    }
}
