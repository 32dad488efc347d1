//! What the managed-disk checks share: whether a disk is attached (AZVM-007) or not
//! (AZVM-008), decided one way so the two scopes never overlap, and the
//! customer-managed key rule both apply.

use super::Verdicts;
use crate::rules::shape::{self, Resource};
use crate::snapshot::compute::ManagedDisk;
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

/// Which of the two encryption checks judges a disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Attached,
    Unattached,
}

/// A disk's scope, with why; Err when it depends on the unreadable VM list.
fn scope_of(snapshot: &Snapshot, disk: &ManagedDisk) -> Result<(Scope, String), String> {
    if let Some(vm) = &disk.managed_by {
        return Ok((Scope::Attached, format!("attached to {}", name_of(vm))));
    }
    let state = disk.disk_state.as_deref();
    if eq_ci(state, "Attached") || eq_ci(state, "Reserved") {
        return Ok((
            Scope::Attached,
            format!("diskState {}", state.unwrap_or_default()),
        ));
    }
    // Not marked attached: a scanned VM naming it still makes it attached.
    match &snapshot.compute.virtual_machines {
        crate::snapshot::Fetched::Ok(_) => {
            if snapshot.joins().disk_used_by_a_vm(&disk.id) {
                Ok((
                    Scope::Attached,
                    "named by a virtual machine's storage profile".into(),
                ))
            } else {
                Ok((
                    Scope::Unattached,
                    format!("diskState {}", state.unwrap_or("not set")),
                ))
            }
        }
        unavailable => Err(unavailable
            .unavailable_reason(
                "the virtual machine list (needed to tell whether the disk is attached)",
            )
            .unwrap_or_default()),
    }
}

fn name_of(id: &str) -> &str {
    id.trim_end_matches('/').rsplit('/').next().unwrap_or(id)
}

/// Customer-managed keys (alone or with platform keys); a platform key or null (the
/// default) is not.
const CUSTOMER_KEY_TYPES: [&str; 2] = [
    "EncryptionAtRestWithCustomerKey",
    "EncryptionAtRestWithPlatformAndCustomerKeys",
];

/// AZVM-007/008: each disk in `scope` is judged on its encryption type. A disk whose
/// scope depends on the unread VM list is ERROR in both checks.
pub fn judge_encryption(snapshot: &Snapshot, out: &mut Verdicts, scope: Scope) {
    for disk in shape::each(out, &snapshot.compute.disks) {
        let (disk_scope, why) = match scope_of(snapshot, disk) {
            Ok(found) => found,
            Err(reason) => {
                out.error(disk.subject(), format!("{}: {reason}", disk.name));
                continue;
            }
        };
        if disk_scope != scope {
            continue;
        }
        let kind = disk.encryption_type.as_deref();
        let passed = CUSTOMER_KEY_TYPES.iter().any(|t| eq_ci(kind, t));
        let shown = kind.unwrap_or("not set (platform-managed key, the default)");
        out.judge(
            passed,
            disk.subject(),
            format!("{} ({why}): encryption.type is {shown}", disk.name),
            json!({
                "encryption.type": kind,
                "encryption.diskEncryptionSetId": disk.disk_encryption_set_id,
                "managedBy": disk.managed_by,
                "diskState": disk.disk_state,
            }),
        );
    }
}
