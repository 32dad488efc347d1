//! AZVM-005: VMs without a managed identity (system- or user-assigned).

use crate::rules::check;
use crate::rules::shape::property;

pub const CHECK: crate::rules::Check = check!("azvm", "AZVM-005", sources: [VirtualMachines],
    run: |s, out| property::judge_each(out, &s.compute.virtual_machines, "identity.type",
        |vm| vm.identity_type.as_deref().map(str::trim).filter(|t| !t.is_empty()),
        "not set (the VM has no managed identity)", property::none_of(&["None"])));
