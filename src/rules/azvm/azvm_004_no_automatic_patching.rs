//! AZVM-004: VMs whose guest OS is not patched automatically (from the VM's osProfile
//! patch settings).

use crate::rules::shape::Resource;
use crate::rules::{Verdicts, check};
use crate::snapshot::compute::VirtualMachine;
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-004", sources: [VirtualMachines], run: run);

enum Os {
    Windows,
    Linux,
}

/// The OS disk's type, or failing that the configuration block the profile carries.
fn os_of(vm: &VirtualMachine) -> Option<Os> {
    let profile = vm.os_profile.as_ref()?;
    if eq_ci(vm.os_type.as_deref(), "Windows") {
        Some(Os::Windows)
    } else if eq_ci(vm.os_type.as_deref(), "Linux") {
        Some(Os::Linux)
    } else if profile.windows_configuration.is_some() {
        Some(Os::Windows)
    } else if profile.linux_configuration.is_some() {
        Some(Os::Linux)
    } else {
        None
    }
}

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let vms = out.judged_in_subscription(
        &snapshot.compute.virtual_machines,
        "the virtual machine list",
    );
    for vm in vms {
        let subject = vm.subject();
        let Some(profile) = &vm.os_profile else {
            out.manual(
                subject,
                format!(
                    "{}: the VM has no osProfile (created from a specialised disk), so its patch settings are not visible; check patching inside the guest",
                    vm.name
                ),
                json!({ "osProfile": null }),
            );
            continue;
        };
        match os_of(vm) {
            Some(Os::Windows) => {
                let windows = profile.windows_configuration.clone().unwrap_or_default();
                let mode = windows.patch_mode.as_deref();
                let automatic_updates = windows.enable_automatic_updates;
                let evidence = json!({
                    "osType": vm.os_type,
                    "windowsConfiguration.patchSettings.patchMode": mode,
                    "windowsConfiguration.enableAutomaticUpdates": automatic_updates,
                });
                let (passed, message) = match mode {
                    Some(mode) => (
                        eq_ci(Some(mode), "AutomaticByPlatform") || eq_ci(Some(mode), "AutomaticByOS"),
                        format!("{}: Windows patchMode is {mode}", vm.name),
                    ),
                    // Windows updates itself unless automatic updates were turned off.
                    None => match automatic_updates {
                        Some(false) => (
                            false,
                            format!("{}: Windows has no patchMode and enableAutomaticUpdates is false", vm.name),
                        ),
                        Some(true) => (
                            true,
                            format!("{}: Windows has no patchMode and enableAutomaticUpdates is true", vm.name),
                        ),
                        None => (
                            true,
                            format!(
                                "{}: Windows has no patchMode and enableAutomaticUpdates is not set (automatic updates are the default)",
                                vm.name
                            ),
                        ),
                    },
                };
                out.judge(passed, subject, message, evidence);
            }
            Some(Os::Linux) => {
                let mode = profile
                    .linux_configuration
                    .as_ref()
                    .and_then(|linux| linux.patch_mode.as_deref());
                out.judge(
                    eq_ci(mode, "AutomaticByPlatform"),
                    subject,
                    format!("{}: Linux patchMode is {}", vm.name, mode.unwrap_or("not set")),
                    json!({ "osType": vm.os_type, "linuxConfiguration.patchSettings.patchMode": mode }),
                );
            }
            None => out.manual(
                subject,
                format!(
                    "{}: the OS type is not set and the osProfile has no Windows or Linux configuration, so the patch settings cannot be judged",
                    vm.name
                ),
                json!({ "osType": vm.os_type }),
            ),
        }
    }
}
