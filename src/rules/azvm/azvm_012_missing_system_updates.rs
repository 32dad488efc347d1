//! AZVM-012: VMs missing system updates, as Defender's assessment reports it (D5,
//! exact VM ID). Patch orchestration settings are AZVM-004's.

use crate::rules::check;
use crate::rules::shape::assessment::{Attribution, Pick, judge_each};

pub const CHECK: crate::rules::Check = check!("azvm", "AZVM-012",
    sources: [VirtualMachines, Assessments],
    run: |s, out| judge_each(out, &s.compute.virtual_machines, &s.security.assessments,
        "AZVM-012", Attribution::Exact, Pick::AllKeys, NONE));

const NONE: &str = "Defender produced no system-update result; the plan that computes it (Defender for Servers or Azure Update Manager periodic assessment) may be off";
