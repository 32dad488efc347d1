//! AZVM-003: VMs that no Defender for Cloud just-in-time access policy lists. Only the
//! policies count; tags and rule names are never taken as evidence.

use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, canonical_id};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-003", sources: [VirtualMachines, JitPolicies], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let vms = out.judged_in_subscription(
        &snapshot.compute.virtual_machines,
        "the virtual machine list",
    );
    let Some(policies) = out.supporting(
        &snapshot.security.jit_policies,
        "the just-in-time access policies",
        vms,
        super::subject,
    ) else {
        return;
    };
    for vm in vms {
        let vm_id = canonical_id(&vm.id);
        let listing = policies.iter().find(|policy| {
            policy
                .virtual_machine_ids
                .iter()
                .any(|id| canonical_id(id) == vm_id)
        });
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
                json!({ "jitPolicies": policies.iter().map(|p| &p.id).collect::<Vec<_>>() }),
            ),
        }
    }
}
