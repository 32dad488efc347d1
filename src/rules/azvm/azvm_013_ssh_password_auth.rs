//! AZVM-013: Linux VMs that accept SSH password authentication.

use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-013", sources: [VirtualMachines], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let vms = shape::each(out, &snapshot.compute.virtual_machines);
    for vm in vms
        .iter()
        .filter(|vm| eq_ci(vm.os_type.as_deref(), "Linux"))
    {
        let Some(profile) = &vm.os_profile else {
            out.manual(
                vm.subject(),
                format!(
                    "{}: the VM has no osProfile (created from an attached or specialised disk), so its SSH settings are not visible; check sshd's PasswordAuthentication inside the guest",
                    vm.name
                ),
                json!({ "osProfile": null }),
            );
            continue;
        };
        let value = profile
            .linux_configuration
            .as_ref()
            .and_then(|linux| linux.disable_password_authentication);
        let shown = value.map_or("not set (passwords allowed)".to_string(), |v| v.to_string());
        out.judge(
            value == Some(true),
            vm.subject(),
            format!(
                "{}: linuxConfiguration.disablePasswordAuthentication is {shown}",
                vm.name
            ),
            json!({ "osProfile.linuxConfiguration.disablePasswordAuthentication": value }),
        );
    }
}
