//! AZVM-011: VMs without endpoint detection and response, as Defender's assessments
//! report it (D5, exact VM ID): the agentless EDR key, else the legacy one.

use crate::rules::check;
use crate::rules::shape::assessment::{Attribution, Pick, judge_each};

pub const CHECK: crate::rules::Check = check!("azvm", "AZVM-011",
    sources: [VirtualMachines, Assessments],
    run: |s, out| judge_each(out, &s.compute.virtual_machines, &s.security.assessments,
        "AZVM-011", Attribution::Exact, Pick::FirstKey, NONE));

const NONE: &str = "Defender produced no EDR result; it needs Defender for Servers or Defender CSPM agentless scanning";
