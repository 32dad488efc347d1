//! Virtual machine checks (AZVM-*).

mod azvm_001_disks_not_encrypted;
mod azvm_002_public_ip;
mod azvm_003_no_jit_access;
mod azvm_004_no_automatic_patching;
mod azvm_005_no_managed_identity;

use super::{Check, Subject};
use crate::snapshot::compute::VirtualMachine;

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
