//! AZVM-007: attached managed disks not encrypted with a customer-managed key.

use super::disks::{Scope, judge_encryption};
use crate::rules::check;

pub const CHECK: crate::rules::Check = check!("azvm", "AZVM-007",
    sources: [ManagedDisks, VirtualMachines],
    run: |s, out| judge_encryption(s, out, Scope::Attached));
