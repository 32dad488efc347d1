//! AZVM-011: VMs without endpoint detection and response, as Defender's assessments
//! report it (D5, exact VM ID): the agentless EDR key, else the legacy one.

use crate::rules::shape::Resource;
use crate::rules::shape::assessment::{self, Attribution, Pick};
use crate::rules::{Verdicts, check};
use crate::snapshot::Snapshot;

pub const CHECK: crate::rules::Check =
    check!("azvm", "AZVM-011", sources: [VirtualMachines, Assessments], run: run);

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
                assessment::keys("AZVM-011"),
                &vm.id,
                Attribution::Exact,
                Pick::FirstKey,
            );
            assessment::judge(
                out,
                vm.subject(),
                &vm.name,
                &found,
                "Defender produced no EDR result; it needs Defender for Servers or Defender CSPM agentless scanning",
            );
        },
    );
}
