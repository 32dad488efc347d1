//! Virtual machine checks (AZVM-*).

mod azvm_001_disks_not_encrypted;
mod azvm_002_public_ip;
mod azvm_003_no_jit_access;
mod azvm_004_no_automatic_patching;
mod azvm_005_no_managed_identity;

use super::{Check, Subject, Verdicts};
use crate::snapshot::compute::VirtualMachine;
use crate::snapshot::{Fetched, Snapshot};

pub const CHECKS: &[Check] = &[
    azvm_001_disks_not_encrypted::CHECK,
    azvm_002_public_ip::CHECK,
    azvm_003_no_jit_access::CHECK,
    azvm_004_no_automatic_patching::CHECK,
    azvm_005_no_managed_identity::CHECK,
];

fn subject(vm: &VirtualMachine) -> Subject {
    Subject::new(
        &vm.id,
        &vm.name,
        "Microsoft.Compute/virtualMachines",
        vm.location.as_deref(),
    )
}

/// The VMs a check judges and the supporting list it joins them with (NICs, JIT
/// policies). None when either could not be read, after the ERRORs that `Verdicts`
/// reports for it: one for the subscription, or one per VM.
fn vms_joined_with<'s, T>(
    snapshot: &'s Snapshot,
    out: &mut Verdicts,
    supporting: &'s Fetched<Vec<T>>,
    what: &str,
) -> Option<(&'s [VirtualMachine], &'s [T])> {
    let vms = out.judged_in_subscription(
        &snapshot.compute.virtual_machines,
        "the virtual machine list",
    );
    let supporting = out.supporting(supporting, what, vms, subject)?;
    Some((vms, supporting))
}
