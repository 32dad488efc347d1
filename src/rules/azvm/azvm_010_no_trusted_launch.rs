//! AZVM-010: VMs without Trusted Launch (or a confidential VM) with Secure Boot and vTPM.

use crate::rules::shape::{self, Resource};
use crate::rules::{Verdicts, check};
use crate::snapshot::{Snapshot, eq_ci};
use serde_json::json;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-010", sources: [VirtualMachines], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    for vm in shape::each(out, &snapshot.compute.virtual_machines) {
        let security_type = vm.security_type.as_deref();
        let shown = |value: Option<bool>| value.map_or("not set".to_string(), |v| v.to_string());
        let mut missing = Vec::new();
        if !(eq_ci(security_type, "TrustedLaunch") || eq_ci(security_type, "ConfidentialVM")) {
            missing.push(format!(
                "securityType is {}",
                security_type.unwrap_or("not set (Standard)")
            ));
        }
        if vm.secure_boot_enabled != Some(true) {
            missing.push(format!(
                "uefiSettings.secureBootEnabled is {}",
                shown(vm.secure_boot_enabled)
            ));
        }
        if vm.vtpm_enabled != Some(true) {
            missing.push(format!(
                "uefiSettings.vTpmEnabled is {}",
                shown(vm.vtpm_enabled)
            ));
        }
        let evidence = json!({
            "securityProfile.securityType": security_type,
            "securityProfile.uefiSettings.secureBootEnabled": vm.secure_boot_enabled,
            "securityProfile.uefiSettings.vTpmEnabled": vm.vtpm_enabled,
        });
        if missing.is_empty() {
            out.pass(
                vm.subject(),
                format!(
                    "{}: securityType is {} with Secure Boot and vTPM enabled",
                    vm.name,
                    security_type.unwrap_or_default()
                ),
                evidence,
            );
        } else {
            out.fail(
                vm.subject(),
                format!(
                    "{}: {} (VMs from Generation 1 images cannot enable Trusted Launch; they need a Generation 2 image)",
                    vm.name,
                    missing.join(", ")
                ),
                evidence,
            );
        }
    }
}
