//! AZVM-003: VMs that no Defender for Cloud just-in-time access policy lists. Only the
//! policies count; tags and rule names are never taken as evidence.

use crate::rules::shape::Resource;
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;
use crate::snapshot::compute::VirtualMachine;
use crate::snapshot::index::Joins;
use crate::snapshot::security::JitPolicy;
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-003", sources: [VirtualMachines, JitPolicies], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let policies = &snapshot.security.jit_policies;
    super::judge_vms_with(
        snapshot,
        out,
        policies,
        "the just-in-time access policies",
        judge,
    );
}

fn judge(vm: &VirtualMachine, policies: &[JitPolicy], joins: Joins, out: &mut Verdicts) {
    match joins.jit_policy_of_vm(vm) {
        Some(policy) => out.pass(
            vm.subject(),
            format!("{}: listed in just-in-time policy {}", vm.name, policy.name),
            json!({ "jitPolicy": policy.id }),
        ),
        None => out.fail(
            vm.subject(),
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
