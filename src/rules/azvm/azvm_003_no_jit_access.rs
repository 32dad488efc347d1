//! AZVM-003: VMs that no Defender for Cloud just-in-time access policy lists. Only the
//! policies count; tags and rule names are never taken as evidence.

use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-003", sources: [VirtualMachines, JitPolicies], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let jit_policies = &snapshot.security.jit_policies;
    let Some((vms, policies)) = super::vms_joined_with(
        snapshot,
        out,
        jit_policies,
        "the just-in-time access policies",
    ) else {
        return;
    };
    let joins = snapshot.joins();
    for vm in vms {
        let listing = joins.jit_policy_of_vm(vm);
        match listing {
            Some(policy) => out.pass(
                super::subject(vm),
                format!("{}: listed in just-in-time policy {}", vm.name, policy.name),
                json!({ "jitPolicy": policy.id }),
            ),
            None => out.fail(
                super::subject(vm),
                format!(
                    "{}: no just-in-time access policy lists it ({} polic(ies) read)",
                    vm.name,
                    policies.len()
                ),
                // The count decides (none of them lists the VM); naming every policy
                // would grow each finding with the subscription.
                json!({ "jitPoliciesRead": policies.len() }),
            ),
        }
    }
}
