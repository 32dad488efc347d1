//! Virtual machine checks (AZVM-*).

mod azvm_001_disks_not_encrypted;
mod azvm_002_public_ip;
mod azvm_003_no_jit_access;
mod azvm_004_no_automatic_patching;
mod azvm_005_no_managed_identity;
mod azvm_006_unmanaged_disks;
mod azvm_007_attached_disk_cmk;
mod azvm_008_unattached_disk_cmk;
mod azvm_009_disk_network_access;
mod azvm_010_no_trusted_launch;
mod azvm_011_no_edr;
mod azvm_012_missing_system_updates;
mod azvm_013_ssh_password_auth;
mod azvm_014_unapproved_extensions;
mod azvm_015_disk_entra_data_access;
mod disks;

use super::shape::{self, Resource};
use super::{Check, Verdicts};
use crate::snapshot::compute::{ManagedDisk, VirtualMachine};
use crate::snapshot::index::Joins;
use crate::snapshot::{Fetched, Snapshot};

pub const CHECKS: &[Check] = &[
    azvm_001_disks_not_encrypted::CHECK,
    azvm_002_public_ip::CHECK,
    azvm_003_no_jit_access::CHECK,
    azvm_004_no_automatic_patching::CHECK,
    azvm_005_no_managed_identity::CHECK,
    azvm_011_no_edr::CHECK,
    azvm_012_missing_system_updates::CHECK,
    azvm_006_unmanaged_disks::CHECK,
    azvm_007_attached_disk_cmk::CHECK,
    azvm_008_unattached_disk_cmk::CHECK,
    azvm_009_disk_network_access::CHECK,
    azvm_010_no_trusted_launch::CHECK,
    azvm_013_ssh_password_auth::CHECK,
    azvm_014_unapproved_extensions::CHECK,
    azvm_015_disk_entra_data_access::CHECK,
];

shape::named_resource!(VirtualMachine, list: "the virtual machine list", called: "virtual machine");
shape::named_resource!(ManagedDisk, list: "the managed disk list", called: "managed disk");

/// Runs `judge` on each VM with the supporting list it is joined with (NICs, JIT
/// policies) and the snapshot's joins. Judges nothing when either list could not be
/// read, after the ERRORs that `Verdicts` reports for it: one for the subscription,
/// or one per VM.
fn judge_vms_with<'s, 'v, T>(
    snapshot: &'s Snapshot,
    out: &mut Verdicts<'v>,
    supporting: &'s Fetched<Vec<T>>,
    what: &str,
    mut judge: impl FnMut(&'s VirtualMachine, &'s [T], Joins<'s>, &mut Verdicts<'v>),
) {
    let vms = out.judged_in_subscription(
        &snapshot.compute.virtual_machines,
        "the virtual machine list",
    );
    let Some(supporting) = out.supporting(supporting, what, vms, VirtualMachine::subject) else {
        return;
    };
    let joins = snapshot.joins();
    for vm in vms {
        judge(vm, supporting, joins, out);
    }
}
