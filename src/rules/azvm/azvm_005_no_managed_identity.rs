//! AZVM-005: VMs without a managed identity (system- or user-assigned).

use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-005", sources: [VirtualMachines], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let vms = out.judged_in_subscription(
        &snapshot.compute.virtual_machines,
        "the virtual machine list",
    );
    for vm in vms {
        let identity = vm
            .identity_type
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let passed = identity.is_some() && !eq_ci(identity, "None");
        let message = match identity {
            Some(kind) => format!("{}: identity.type is {kind}", vm.name),
            None => format!(
                "{}: the VM has no managed identity (identity.type is not set)",
                vm.name
            ),
        };
        out.judge(
            passed,
            super::subject(vm),
            message,
            json!({ "identity.type": vm.identity_type }),
        );
    }
}
