//! Backup checks (BKP-*): Recovery Services vault security settings and Azure VM
//! protection.

mod bkp_001_soft_delete_disabled;
mod bkp_002_immutability_off;
mod bkp_003_vm_not_protected;

use super::Check;
use super::shape;
use crate::snapshot::backup::RecoveryVault;

pub const CHECKS: &[Check] = &[
    bkp_001_soft_delete_disabled::CHECK,
    bkp_002_immutability_off::CHECK,
    bkp_003_vm_not_protected::CHECK,
];

shape::named_resource!(RecoveryVault, list: "the Recovery Services vault list", called: "Recovery Services vault");
