//! AZVM-008: unattached managed disks not encrypted with a customer-managed key.

use super::disks::{Scope, judge_encryption};
use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("azvm", "AZVM-008",
    sources: [ManagedDisks, VirtualMachines],
    run: |s, out| judge_encryption(s, out, Scope::Unattached));
