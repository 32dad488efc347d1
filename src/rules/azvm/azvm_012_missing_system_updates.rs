//! AZVM-012: VMs missing system updates, as Defender's assessment reports it (D5,
//! exact VM ID). Patch orchestration settings are AZVM-004's.

use crate::rules::shape::Resource;
use crate::rules::shape::assessment::{self, Attribution, Pick};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-012", sources: [VirtualMachines, Assessments], run: run);

fn run(snapshot: &Snapshot, out: &mut Verdicts) {
    let assessments = &snapshot.security.assessments;
    super::judge_vms_with(
        snapshot,
        out,
        assessments,
        "the Defender assessments",
        |vm, assessments, _, out| {
            let found = assessment::of_resource(
                assessments,
                assessment::keys("AZVM-012"),
                &vm.id,
                Attribution::Exact,
                Pick::AllKeys,
            );
            assessment::judge(
                out,
                vm.subject(),
                &vm.name,
                &found,
                "Defender produced no system-update result; the plan that computes it (Defender for Servers or Azure Update Manager periodic assessment) may be off",
            );
        },
    );
}
